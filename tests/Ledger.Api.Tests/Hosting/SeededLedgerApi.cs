using Microsoft.AspNetCore.Hosting;

namespace Ledger.Api.Tests.Hosting;

// Its own host and database, opened on the seed cases.
[CollectionDefinition(Name)] public sealed class SeedsCollection : ICollectionFixture<SeededLedgerApi> { public const string Name = "seeds"; }

// The OpenAPI contract against live answers, caching and HEAD, on their own seeded host.
[CollectionDefinition(Name)] public sealed class ContractCollection : ICollectionFixture<SeededLedgerApi> { public const string Name = "contract"; }

// The web pages, on their own seeded host.
[CollectionDefinition(Name)] public sealed class WebCollection : ICollectionFixture<SeededLedgerApi> { public const string Name = "web"; }

/// <summary>The API host with start-up seeding on (it is off in the Testing environment): its database opens on the seed cases.</summary>
public sealed class SeededLedgerApi : LedgerApi
{
    /// <summary>The repository's <c>seeds/</c> folder.</summary>
    public static string SeedsFolder => Path.Combine(Repository.Root, "seeds");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Ledger:Seed", "true");
        builder.UseSetting("Ledger:SeedPath", SeedsFolder);
    }
}
