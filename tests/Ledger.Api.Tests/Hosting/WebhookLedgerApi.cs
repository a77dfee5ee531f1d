using Microsoft.AspNetCore.Hosting;

namespace Ledger.Api.Tests.Hosting;

[CollectionDefinition(Name)]
public sealed class WebhooksCollection : ICollectionFixture<WebhookLedgerApi> { public const string Name = "webhooks"; }

/// <summary>
/// The API host as an operator runs it with a receiver on its own network (private addresses allowed: the tests' receiver
/// listens on loopback), retrying every second for a minute instead of over a day.
/// </summary>
public sealed class WebhookLedgerApi : LedgerApi
{
    public static readonly string RetryEverySecond = string.Join(",", Enumerable.Repeat("00:00:01", 60));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Ledger:Webhooks:AllowPrivateAddresses", "true");
        builder.UseSetting("Ledger:Webhooks:RetryDelays", RetryEverySecond);
        builder.UseSetting("Ledger:Webhooks:Timeout", "00:00:05");
    }
}
