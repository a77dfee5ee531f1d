using Ledger.Infrastructure.Postgres;
using Microsoft.AspNetCore.Hosting;

namespace Ledger.Api.Tests.Hosting;

[CollectionDefinition(Name)]
public sealed class QueryBudgetCollection : ICollectionFixture<BudgetedLedgerApi> { public const string Name = "query-budget"; }

/// <summary>The API host with the smallest query time budget there is: one second per command of a request.</summary>
public sealed class BudgetedLedgerApi : LedgerApi
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting(QueryTimeBudget.Setting, "1");
    }
}
