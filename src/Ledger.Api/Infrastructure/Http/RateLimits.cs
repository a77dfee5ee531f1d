using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace Ledger.Infrastructure.Http;

/// <summary>What a request spends: each caller has a separate budget of each kind.</summary>
public enum RateBudget { Reads, Writes, SignIn, Expensive }

/// <summary>A token bucket: <see cref="Burst"/> requests at once, refilled at <see cref="PerMinute"/>.</summary>
public sealed class RateBudgetSettings
{
    public int PerMinute { get; set; }
    public int Burst { get; set; }
}

/// <summary><c>Ledger:RateLimits</c>: on by default, with budgets no normal use reaches.</summary>
public sealed class RateLimitSettings
{
    public bool Enabled { get; set; } = true;
    public RateBudgetSettings Reads { get; set; } = new() { PerMinute = 1200, Burst = 300 };
    public RateBudgetSettings Writes { get; set; } = new() { PerMinute = 300, Burst = 100 };
    public RateBudgetSettings SignIn { get; set; } = new() { PerMinute = 10, Burst = 10 };
    public RateBudgetSettings Expensive { get; set; } = new() { PerMinute = 60, Burst = 20 };

    public RateBudgetSettings For(RateBudget budget) => budget switch
    {
        RateBudget.Writes => Writes,
        RateBudget.SignIn => SignIn,
        RateBudget.Expensive => Expensive,
        _ => Reads,
    };
}

/// <summary>
/// Per API key, or per client address for anonymous callers, separate budgets for reads, writes, sign-in attempts and
/// expensive queries (unfiltered gaps, time travel, CSV). A request over budget gets 429 problem+json with
/// <c>Retry-After</c> before anything else runs.
/// </summary>
public static class RateLimits
{
    public const string Section = "Ledger:RateLimits";

    /// <summary>The filters that narrow <c>/api/gaps</c> (and the gaps page) to a part of the ledger.</summary>
    static readonly string[] GapsFilters = ["party", "dealId", "category", "status", "rating", "unit", "overdue"];

    public static RateBudget BudgetOf(HttpRequest request)
    {
        var path = request.Path;
        if (HttpMethods.IsPost(request.Method) && path.Equals("/sign-in", StringComparison.OrdinalIgnoreCase))
            return RateBudget.SignIn;
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method)) return RateBudget.Writes;

        var query = request.Query;
        var timeTravel = !string.IsNullOrEmpty(query["asOf"]) || !string.IsNullOrEmpty(query["knownAt"]);
        var csv = string.Equals(query["format"], "csv", StringComparison.OrdinalIgnoreCase)
            || request.Headers.Accept.Any(a => a?.Contains("text/csv", StringComparison.OrdinalIgnoreCase) == true);
        var gaps = path.Equals("/api/gaps", StringComparison.OrdinalIgnoreCase)
            || path.Equals("/gaps", StringComparison.OrdinalIgnoreCase);
        var unfiltered = gaps && !GapsFilters.Any(f => !string.IsNullOrEmpty(query[f]));
        // Open data in bulk: a page of every deal's releases, or a deal's releases flattened into a zip.
        var bulk = path.Equals("/api/ocds/releases", StringComparison.OrdinalIgnoreCase)
            || path.Value?.EndsWith(".csv.zip", StringComparison.OrdinalIgnoreCase) == true;
        return timeTravel || csv || unfiltered || bulk ? RateBudget.Expensive : RateBudget.Reads;
    }

    /// <summary>The API key a caller signed in with (its id), else the address it calls from.</summary>
    public static string CallerOf(HttpContext http) => http.User.Identity is { IsAuthenticated: true, Name: { } keyId }
        ? "key:" + keyId
        : "address:" + (http.Connection.RemoteIpAddress?.ToString() ?? "unknown");

    public static IServiceCollection AddRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = configuration.GetSection(Section).Get<RateLimitSettings>() ?? new RateLimitSettings();
        services.AddSingleton(settings);
        if (!settings.Enabled) return services;
        return services.AddRateLimiter(limiter =>
        {
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, (RateBudget, string)>(http =>
            {
                // Load balancers poll /health: never turn them away.
                if (http.Request.Path.Equals("/health", StringComparison.OrdinalIgnoreCase))
                    return RateLimitPartition.GetNoLimiter((RateBudget.Reads, ""));
                var budget = BudgetOf(http.Request);
                return RateLimitPartition.GetTokenBucketLimiter((budget, CallerOf(http)), _ => Bucket(settings.For(budget)));
            });
            limiter.OnRejected = Reject;
        });
    }

    /// <summary>After authentication, so that a signed-in caller spends its key's budget, not its address's.</summary>
    public static IApplicationBuilder UseRateLimits(this IApplicationBuilder app) =>
        app.ApplicationServices.GetRequiredService<RateLimitSettings>().Enabled ? app.UseRateLimiter() : app;

    static TokenBucketRateLimiterOptions Bucket(RateBudgetSettings budget)
    {
        var perMinute = Math.Max(1, budget.PerMinute);
        // Whole tokens each second when the rate allows it, else one token every so many seconds.
        var (tokens, period) = perMinute >= 60
            ? (perMinute / 60, TimeSpan.FromSeconds(1))
            : (1, TimeSpan.FromMinutes(1.0 / perMinute));
        return new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(1, budget.Burst), TokensPerPeriod = tokens, ReplenishmentPeriod = period, QueueLimit = 0,
            AutoReplenishment = true,
        };
    }

    static async ValueTask Reject(OnRejectedContext rejected, CancellationToken ct)
    {
        var http = rejected.HttpContext;
        var wait = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString();
        var budget = BudgetOf(http.Request);
        await Results.Problem(new Microsoft.AspNetCore.Mvc.ProblemDetails
        {
            Status = StatusCodes.Status429TooManyRequests,
            Title = "Too many requests",
            Detail = $"This caller has used up its '{Names.Of(budget)}' budget for now. Try again in {seconds} seconds.",
            Type = "https://tools.ietf.org/html/rfc6585#section-4",
            Extensions = { ["budget"] = Names.Of(budget) },
        }).ExecuteAsync(http);
    }
}
