using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Ledger.Api.Tests.Hosting;
using Xunit.Abstractions;

namespace Ledger.Api.Tests.Infrastructure;

/// <summary>
/// The ledger's own PostgreSQL server stopped and started under it (a dedicated throwaway cluster): every answer during
/// the outage is 503 with Retry-After, none is 500, the outage is logged once, and the service recovers by itself.
/// </summary>
[Collection(OutageCollection.Name)]
public sealed class database_outages(LedgerApiOnOwnServer api, ITestOutputHelper output)
{
    static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    static readonly TimeSpan OutageLength = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task a_stopped_database_answers_503_with_retry_after_everywhere_and_the_ledger_recovers_when_it_is_back()
    {
        var (dealId, commitmentId) = await api.DealWithCommitment();
        var observer = await api.ClientWithRole("observer");
        var requests = Requests(dealId, commitmentId, observer);
        var linesBefore = api.OutageLines.Count;

        await api.StopDatabaseAsync();
        var down = Stopwatch.StartNew();
        try
        {
            foreach (var (name, send, _) in requests)
            {
                using var response = await send();
                var body = await response.Content.ReadAsStringAsync();
                Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{name}: {(int)response.StatusCode} {body}");
                Assert.True(response.Headers.RetryAfter?.Delta is { TotalSeconds: > 0 }, $"{name} has no Retry-After");
                if (name.StartsWith("GET /api", StringComparison.Ordinal) || name.StartsWith("POST", StringComparison.Ordinal))
                    Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                if (name == "GET /health") Assert.Contains("unreachable", body);
            }
            Assert.Single(api.OutageLines.Skip(linesBefore), line => line.Contains("unreachable"));
            // Long enough for the paused projections' restarts to back off (2 s, 4 s, 8 s, ...) before it is back.
            await Task.Delay(OutageLength - down.Elapsed);
        }
        finally
        {
            await api.StartDatabaseAsync();
        }
        var back = Stopwatch.StartNew();

        // Back without a restart of the app: health, reads, pages and writes, and the async projections catch up.
        await UntilAsync(async () => (await api.Anonymous().GetAsync("/health")).StatusCode == HttpStatusCode.OK);
        output.WriteLine($"down {down.Elapsed.TotalSeconds:0.0} s; /health answered 200 {back.Elapsed.TotalSeconds:0.00} s after "
            + "the server was started again");
        foreach (var (name, send, expected) in requests)
        {
            using var response = await send();
            Assert.True(response.StatusCode == expected, $"{name} after recovery: {(int)response.StatusCode}");
        }
        await api.WaitForProjectionsAsync();
        output.WriteLine($"every request answered as before and the projections caught up {back.Elapsed.TotalSeconds:0.0} s after it");
        var gaps = await api.Anonymous().GetAsync($"/api/gaps?dealId={dealId}").Expect(HttpStatusCode.OK);
        Assert.Equal(2, gaps.GetProperty("total").GetInt64()); // the commitment made before the outage and the one after
        await UntilAsync(() => Task.FromResult(api.OutageLines.Skip(linesBefore).Any(line => line.Contains("reachable again"))));
        output.WriteLine("the outage log: " + string.Join(" | ", api.OutageLines.Skip(linesBefore)));
    }

    /// <summary>Each kind of request, with what it answers when the database is there.</summary>
    List<(string Name, Func<Task<HttpResponseMessage>> Send, HttpStatusCode Expected)> Requests(
        string dealId, string commitmentId, HttpClient observer) =>
    [
        ("GET /health", () => api.Anonymous().GetAsync("/health"), HttpStatusCode.OK),
        ("GET /api/deals/{id}", () => api.Anonymous().GetAsync($"/api/deals/{dealId}"), HttpStatusCode.OK),
        ("GET /api/commitments/{id}", () => api.Anonymous().GetAsync($"/api/commitments/{commitmentId}"), HttpStatusCode.OK),
        ("GET /api/gaps", () => api.Anonymous().GetAsync("/api/gaps"), HttpStatusCode.OK),
        ("GET /deals/{id} (page)", () => api.Anonymous().GetAsync($"/deals/{dealId}"), HttpStatusCode.OK),
        ("POST /api/deals/{id}/commitments", () => api.Admin().Post($"/api/deals/{dealId}/commitments", Scenarios.Commitment(),
            $"outage-{Guid.NewGuid():N}"), HttpStatusCode.Created),
        ("POST /api/commitments/{id}/observations", () => observer.Post($"/api/commitments/{commitmentId}/observations",
            Scenarios.Observation(), $"outage-{Guid.NewGuid():N}"), HttpStatusCode.Created),
        ("POST /api/subscriptions", () => api.Admin().Post("/api/subscriptions", new { url = "https://203.0.113.10/outage" },
            $"outage-{Guid.NewGuid():N}"), HttpStatusCode.Created),
        ("POST /api/imports", () => api.Admin().SendAsync(ImportOfOneDeal()), HttpStatusCode.OK),
    ];

    static HttpRequestMessage ImportOfOneDeal()
    {
        var line = System.Text.Json.JsonSerializer.SerializeToNode(Scenarios.Deal($"Imported {Guid.NewGuid():N}"))!.AsObject();
        line["type"] = "deal";
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/imports")
        {
            Content = new StringContent(line.ToJsonString(), System.Text.Encoding.UTF8, "application/x-ndjson"),
        };
        request.Headers.Add("Idempotency-Key", $"outage-{Guid.NewGuid():N}");
        return request;
    }

    /// <summary>A restart (down well under a second), and an outage of 20 s, both under write load.</summary>
    [Theory]
    [InlineData(0)]
    [InlineData(20)]
    public async Task a_restart_under_write_load_loses_no_acknowledged_write_and_answers_no_500(int secondsDown)
    {
        const int writers = 6, writesEach = 40;
        var statuses = new ConcurrentDictionary<int, int>();
        var acknowledged = new ConcurrentBag<string>();
        var settled = 0;
        var before = await api.ScalarAsync<long>("SELECT count(*) FROM mt_events WHERE type = 'deal_registered'");

        // Each writer sends its deals one after the other, retrying each with its Idempotency-Key until it is recorded
        // (201) or found recorded by an earlier try whose answer was lost (409), as a careful client does.
        async Task WriteAsync(int writer)
        {
            using var client = api.Admin();
            for (var i = 0; i < writesEach; i++)
            {
                var key = $"load-{writer}-{i}-{Guid.NewGuid():N}";
                var deadline = DateTime.UtcNow + Patience;
                while (true)
                {
                    using var response = await client.Post("/api/deals", Scenarios.Deal($"Deal {writer}.{i}"), key);
                    statuses.AddOrUpdate((int)response.StatusCode, 1, (_, n) => n + 1);
                    if (response.StatusCode == HttpStatusCode.Created)
                        acknowledged.Add((await response.Json()).GetProperty("id").GetString()!);
                    if (response.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict) break;
                    Assert.True(DateTime.UtcNow < deadline, $"{key} was never recorded");
                    await Task.Delay(100);
                }
                Interlocked.Increment(ref settled);
            }
        }

        var load = Task.WhenAll(Enumerable.Range(0, writers).Select(WriteAsync));
        await UntilAsync(() => Task.FromResult(Volatile.Read(ref settled) >= writers * writesEach / 4));
        var restart = Stopwatch.StartNew();
        await api.StopDatabaseAsync();
        await Task.Delay(TimeSpan.FromSeconds(secondsDown));
        await api.StartDatabaseAsync();
        var restarted = restart.Elapsed;
        var settledAtRestart = Volatile.Read(ref settled);
        await UntilAsync(() => Task.FromResult(Volatile.Read(ref settled) > settledAtRestart));
        var recovered = restart.Elapsed;
        await load;

        var recorded = await api.ScalarAsync<long>("SELECT count(*) FROM mt_events WHERE type = 'deal_registered'") - before;
        var served = await Task.WhenAll(acknowledged.Select(id => api.Anonymous().GetAsync($"/api/deals/{id}")));
        var lost = served.Count(r => r.StatusCode != HttpStatusCode.OK);
        await api.WaitForProjectionsAsync(); // the projections and the log, paused by the restart, run again
        var caughtUp = restart.Elapsed;
        var counts = string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key} × {s.Value}"));
        output.WriteLine($"{statuses.Values.Sum()} requests: {counts}; "
            + $"server down and up in {restarted.TotalSeconds:0.00} s, "
            + $"next write settled {recovered.TotalSeconds:0.00} s after the stop, "
            + $"projections caught up {caughtUp.TotalSeconds:0.0} s after it; "
            + $"{acknowledged.Count} acknowledged with 201, {recorded} recorded, {lost} acknowledged but missing");

        Assert.DoesNotContain(statuses.Keys, status => status >= 500 && status != 503);
        Assert.Equal(0, lost);
        Assert.Equal(writers * writesEach, recorded); // every write recorded once: none lost, none twice
    }

    static async Task UntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The ledger did not recover in time");
            await Task.Delay(100);
        }
    }
}
