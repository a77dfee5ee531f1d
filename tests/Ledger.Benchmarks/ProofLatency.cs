using System.Diagnostics;
using System.Net;
using Ledger.Api.Tests.Hosting;
using Ledger.Api.Tests.Transparency;
using Ledger.Deals;
using Ledger.Sourcing;
using Ledger.Transparency.Log;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Ledger.Benchmarks;

/// <summary>Proofs are O(log n) reads of stored nodes: their latency should barely move between a thousand and N entries.</summary>
public static class ProofLatency
{
    sealed record Percentiles(double P50, double P95);
    sealed record Measurement(long Size, Percentiles Inclusion, Percentiles Consistency, Percentiles Entry, int MaxNodes, double LoggedPerSecond);

    public static async Task RunAsync(long entries)
    {
        await using var api = Hosts.NewLedgerApi();
        await api.InitializeAsync();
        var small = await MeasureAtAsync(api, 1_000);
        var large = await MeasureAtAsync(api, entries);

        Console.WriteLine("| entries | inclusion p50 / p95 | consistency p50 / p95 | entry p50 | nodes read per proof (max) |");
        Console.WriteLine("|---|---|---|---|---|");
        foreach (var m in new[] { small, large })
            Console.WriteLine($"| {m.Size:N0} | {m.Inclusion.P50:F2} / {m.Inclusion.P95:F2} ms | {m.Consistency.P50:F2} / {m.Consistency.P95:F2} ms | " +
                              $"{m.Entry.P50:F2} ms | {m.MaxNodes} |");
        Console.WriteLine($"inclusion p50 ratio {large.Inclusion.P50 / small.Inclusion.P50:F2}, " +
                          $"consistency p50 ratio {large.Consistency.P50 / small.Consistency.P50:F2} " +
                          $"({large.Size / small.Size:N0}x the entries)");
        Console.WriteLine($"appending 1,000 events per transaction through Marten until the log and a signed checkpoint cover them: " +
                          $"{large.LoggedPerSecond:N0} events/s");
    }

    static async Task<Measurement> MeasureAtAsync(LedgerApi api, long target)
    {
        var store = api.Services.GetRequiredService<IDocumentStore>();
        var existing = await api.ScalarAsync<long>("SELECT count(*) FROM mt_events WHERE type <> 'tombstone'");
        var clock = Stopwatch.StartNew();
        var appended = target - existing;
        var source = new Source("https://example.org/benchmark", "Benchmark", new DateOnly(2024, 1, 1), null);
        while (existing < target)
        {
            var batch = (int)Math.Min(1_000, target - existing);
            await using var session = store.LightweightSession();
            for (var i = 0; i < batch; i++)
            {
                var id = Guid.CreateVersion7();
                session.Events.StartStream<Deal>(id, new DealRegistered(id, $"Benchmark deal {existing + i}",
                    [new Party("State", PartyKind.State, "CD"), new Party("Company", PartyKind.Company, "CN")], "Generated.", null, [source]));
            }
            await session.SaveChangesAsync();
            existing += batch;
        }
        var size = await CoveredAsync(api, target);
        var loggedPerSecond = appended / Math.Max(clock.Elapsed.TotalSeconds, 0.001);

        var random = new Random(42);
        var client = api.Anonymous();
        var inclusion = await TimeAsync(() => client.GetAsync($"/api/ledger/proofs/inclusion?index={random.NextInt64(size)}&treeSize={size}"));
        var consistency = await TimeAsync(() => client.GetAsync($"/api/ledger/proofs/consistency?from={1 + random.NextInt64(size - 1)}&to={size}"));
        var entry = await TimeAsync(() => client.GetAsync($"/api/ledger/entries/{random.NextInt64(size)}"));
        var maxNodes = Enumerable.Range(0, 1_000).Max(_ => MerkleTree.NodesFor(MerkleTree.InclusionPath(random.NextInt64(size), size)).Count);
        return new Measurement(size, inclusion, consistency, entry, maxNodes, loggedPerSecond);
    }

    /// <summary>Waits (minutes, at this scale) until a signed checkpoint covers every appended event.</summary>
    static async Task<long> CoveredAsync(LedgerApi api, long events)
    {
        var client = api.Anonymous();
        for (var waited = Stopwatch.StartNew(); ; await Task.Delay(250))
        {
            using var response = await client.GetAsync("/api/ledger/checkpoint");
            var body = await response.Content.ReadAsStringAsync();
            var size = response.StatusCode == HttpStatusCode.OK ? System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("treeSize").GetInt64() : 0;
            if (size >= events) return size;
            if (waited.Elapsed > TimeSpan.FromMinutes(10))
                throw new TimeoutException(
                    $"the log covers {size} of {events} events after 10 minutes: {(int)response.StatusCode} {body}");
            if (waited.Elapsed.TotalSeconds % 15 < 0.25) Console.WriteLine($"  log covers {size:N0} of {events:N0} events");
        }
    }

    static async Task<Percentiles> TimeAsync(Func<Task<HttpResponseMessage>> request)
    {
        for (var i = 0; i < 20; i++) (await request()).Dispose(); // warm-up: code generation, pools, plans
        var times = new List<double>();
        for (var i = 0; i < 300; i++)
        {
            var clock = Stopwatch.StartNew();
            using var response = await request();
            times.Add(clock.Elapsed.TotalMilliseconds);
            if (response.StatusCode != HttpStatusCode.OK)
                throw new InvalidOperationException($"{response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}");
        }
        times.Sort();
        return new Percentiles(times[times.Count / 2], times[(int)(times.Count * 0.95)]);
    }
}
