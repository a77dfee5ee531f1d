using Microsoft.AspNetCore.Hosting;

namespace Ledger.Api.Tests.Hosting;

[CollectionDefinition(Name)]
public sealed class RateLimitsCollection : ICollectionFixture<RateLimitedLedgerApi> { public const string Name = "rate-limits"; }

[CollectionDefinition(Name)]
public sealed class DefaultRateLimitsCollection : ICollectionFixture<DefaultRateLimitedLedgerApi>
{
    public const string Name = "default-rate-limits";
}

/// <summary>The API host with rate limits on and budgets small enough for a test to spend.</summary>
public sealed class RateLimitedLedgerApi : LedgerApi
{
    public const int ReadBurst = 10, WriteBurst = 20, SignInBurst = 3, ExpensiveBurst = 3;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Ledger:RateLimits:Enabled", "true");
        foreach (var (budget, burst, perMinute) in new[]
                 {
                     ("Reads", ReadBurst, 60), ("Writes", WriteBurst, 60), ("SignIn", SignInBurst, 2),
                     ("Expensive", ExpensiveBurst, 6),
                 })
        {
            builder.UseSetting($"Ledger:RateLimits:{budget}:Burst", burst.ToString());
            builder.UseSetting($"Ledger:RateLimits:{budget}:PerMinute", perMinute.ToString());
        }
    }
}

/// <summary>The API host with the rate limits as shipped: on, with their default budgets.</summary>
public sealed class DefaultRateLimitedLedgerApi : LedgerApi
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Ledger:RateLimits:Enabled", "true");
    }
}
