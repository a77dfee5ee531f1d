using System.Net;
using Ledger.Api.Tests.Hosting;

namespace Ledger.Api.Tests.Infrastructure;

/// <summary>
/// A flood spends its caller's budget and is answered 429 with Retry-After; other callers and budgets are untouched.
/// </summary>
[Collection(RateLimitsCollection.Name)]
public sealed class rate_limits(RateLimitedLedgerApi api)
{
    /// <summary>Sends until the first 429 (at most a few past the budget): how many were let through, and the 429.</summary>
    static async Task<(int Allowed, HttpResponseMessage Refused)> FloodAsync(Func<Task<HttpResponseMessage>> send, int budget)
    {
        for (var allowed = 0; allowed <= budget + 5; allowed++)
        {
            var response = await send();
            if (response.StatusCode == HttpStatusCode.TooManyRequests) return (allowed, response);
            response.Dispose();
        }
        throw new Xunit.Sdk.XunitException($"No 429 after {budget + 5} requests on a budget of {budget}");
    }

    static async Task AssertRefusedAsync(HttpResponseMessage refused, string budget)
    {
        Assert.True(refused.Headers.RetryAfter?.Delta is { TotalSeconds: >= 1 }, "429 without Retry-After");
        var problem = await Task.FromResult(refused).ExpectProblem(HttpStatusCode.TooManyRequests);
        Assert.Equal(budget, problem.GetProperty("budget").GetString());
    }

    [Fact]
    public async Task a_flood_of_anonymous_reads_is_answered_429_with_retry_after()
    {
        var dealId = await api.RegisterDeal();
        var (allowed, refused) = await FloodAsync(
            () => api.Anonymous().GetAsync($"/api/deals/{dealId}"), RateLimitedLedgerApi.ReadBurst);

        Assert.InRange(allowed, RateLimitedLedgerApi.ReadBurst, RateLimitedLedgerApi.ReadBurst + 2); // the bucket refills 1/s
        await AssertRefusedAsync(refused, "reads");
        // Load balancers' health checks are never refused.
        await api.Anonymous().GetAsync("/health").Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task each_api_key_has_its_own_budget()
    {
        var dealId = await api.RegisterDeal();
        var first = api.WithKey(await api.KeyWithRole("observer"));
        var second = api.WithKey(await api.KeyWithRole("observer"));

        var (_, refused) = await FloodAsync(() => first.GetAsync($"/api/deals/{dealId}"), RateLimitedLedgerApi.ReadBurst);
        await AssertRefusedAsync(refused, "reads");

        await second.GetAsync($"/api/deals/{dealId}").Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task expensive_queries_spend_a_budget_of_their_own()
    {
        var dealId = await api.RegisterDeal();
        var caller = api.WithKey(await api.KeyWithRole("observer"));

        var (allowed, refused) = await FloodAsync(() => caller.GetAsync("/api/gaps"), RateLimitedLedgerApi.ExpensiveBurst);
        Assert.InRange(allowed, RateLimitedLedgerApi.ExpensiveBurst, RateLimitedLedgerApi.ExpensiveBurst + 1);
        await AssertRefusedAsync(refused, "expensive");
        // An export and a time-travel read draw on the same spent budget (it refills one request every 10 s).
        Assert.Equal(HttpStatusCode.TooManyRequests, (await caller.GetAsync($"/api/gaps?dealId={dealId}&format=csv")).StatusCode);
        var timeTravel = await caller.GetAsync($"/api/deals/{dealId}/scorecard?asOf=2020-01-01");
        Assert.Equal(HttpStatusCode.TooManyRequests, timeTravel.StatusCode);

        // A filtered query of today's gaps is an ordinary read.
        await caller.GetAsync($"/api/gaps?dealId={dealId}").Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task writes_spend_their_own_budget_and_leave_reads_alone()
    {
        var dealId = await api.RegisterDeal();
        var observer = api.WithKey(await api.KeyWithRole("observer"));

        // Unreadable bodies: the budget is spent before anything reads them.
        var (_, refused) = await FloodAsync(() => observer.Post("/api/deals", new { }), RateLimitedLedgerApi.WriteBurst);
        await AssertRefusedAsync(refused, "writes");

        await observer.GetAsync($"/api/deals/{dealId}").Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task sign_in_attempts_are_limited_per_address()
    {
        var (_, refused) = await FloodAsync(
            () => api.Anonymous().PostAsync("/sign-in", new FormUrlEncodedContent([new("key", "guess")])),
            RateLimitedLedgerApi.SignInBurst);

        await AssertRefusedAsync(refused, "sign-in");
        Assert.True(refused.Headers.RetryAfter!.Delta!.Value.TotalSeconds >= 20, "2 attempts a minute: one every 30 s");
    }
}

/// <summary>The budgets as shipped are far above what a person or a well-behaved script uses.</summary>
[Collection(DefaultRateLimitsCollection.Name)]
public sealed class default_rate_limits(DefaultRateLimitedLedgerApi api)
{
    [Fact]
    public async Task normal_use_never_meets_a_429()
    {
        var observer = api.WithKey(await api.KeyWithRole("observer"));
        var (dealId, commitmentId) = await api.DealWithCommitment();
        var statuses = new List<HttpStatusCode>();
        async Task Send(Task<HttpResponseMessage> request) { using var response = await request; statuses.Add(response.StatusCode); }

        // An observer's session: pages and reads, a few time-travel queries and exports, a handful of writes.
        for (var i = 0; i < 60; i++)
        {
            await Send(api.Anonymous().GetAsync($"/deals/{dealId}"));
            await Send(observer.GetAsync($"/api/commitments/{commitmentId}"));
        }
        for (var i = 0; i < 10; i++)
        {
            await Send(api.Anonymous().GetAsync($"/api/gaps?asOf=2024-0{1 + i % 9}-01"));
            await Send(observer.GetAsync($"/api/gaps?dealId={dealId}&format=csv"));
            await Send(observer.Post($"/api/commitments/{commitmentId}/observations", Scenarios.Observation(),
                Guid.NewGuid().ToString()));
        }

        Assert.DoesNotContain(HttpStatusCode.TooManyRequests, statuses);
        Assert.All(statuses, s => Assert.True((int)s < 400, $"{s}"));
    }
}
