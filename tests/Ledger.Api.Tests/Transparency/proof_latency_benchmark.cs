using System.Diagnostics;
using System.Net;
using Ledger.Api.Tests.Hosting;
using Ledger.Deals;
using Ledger.Sourcing;
using Ledger.Transparency.Log;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Ledger.Api.Tests.Transparency;

/// <summary>Runs only with LEDGER_BENCHMARK=1: it appends 100,000+ events, which takes minutes and belongs in docs/benchmarks.md, not in CI.</summary>
public sealed class BenchmarkFactAttribute : FactAttribute
{
    public BenchmarkFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("LEDGER_BENCHMARK") != "1") Skip = "a benchmark: run with LEDGER_BENCHMARK=1";
    }
}

/// <summary>Proofs are O(log n) reads of stored nodes: their latency must barely move between a thousand and a hundred thousand entries.</summary>
public sealed class proof_latency_benchmark(LedgerApi api, ITestOutputHelper output) : IClassFixture<LedgerApi>
{
    [BenchmarkFact]
    public async Task proofs_answer_in_logarithmic_time_at_100k_events()
    {
        var small = await MeasureAtAsync(1_000);
        var large = await MeasureAtAsync(100_000);

        output.WriteLine($"| entries | inclusion p50 / p95 | consistency p50 / p95 | entry p50 | nodes read per proof (max) |");
        foreach (var m in new[] { small, large })
            output.WriteLine($"| {m.Size:N0} | {m.Inclusion.P50:F2} / {m.Inclusion.P95:F2} ms | {m.Consistency.P50:F2} / {m.Consistency.P95:F2} ms | " +
                             $"{m.Entry.P50:F2} ms | {m.MaxNodes} |");
        output.WriteLine($"appending 1,000 events per transaction through Marten until the log and a signed checkpoint cover them: " +
                         $"{large.LoggedPerSecond:N0} events/s");

        Assert.True(large.Inclusion.P50 < small.Inclusion.P50 * 3 + 5, "inclusion proofs slowed down with the size of the log");
        Assert.True(large.Consistency.P50 < small.Consistency.P50 * 3 + 5, "consistency proofs slowed down with the size of the log");
    }

    sealed record Percentiles(double P50, double P95);
    sealed record Measurement(long Size, Percentiles Inclusion, Percentiles Consistency, Percentiles Entry, int MaxNodes, double LoggedPerSecond);

    async Task<Measurement> MeasureAtAsync(long target)
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
        var size = (await api.CheckpointCoveringEverythingAsync()).GetProperty("treeSize").GetInt64();
        var loggedPerSecond = appended / Math.Max(clock.Elapsed.TotalSeconds, 0.001); // appended through Marten, logged and signed

        var random = new Random(42);
        var client = api.Anonymous();
        var inclusion = await TimeAsync(() => client.GetAsync($"/api/ledger/proofs/inclusion?index={random.NextInt64(size)}&treeSize={size}"));
        var consistency = await TimeAsync(() => client.GetAsync($"/api/ledger/proofs/consistency?from={1 + random.NextInt64(size - 1)}&to={size}"));
        var entry = await TimeAsync(() => client.GetAsync($"/api/ledger/entries/{random.NextInt64(size)}"));
        var maxNodes = Enumerable.Range(0, 1_000).Max(_ => MerkleTree.NodesFor(MerkleTree.InclusionPath(random.NextInt64(size), size)).Count);
        return new Measurement(size, inclusion, consistency, entry, maxNodes, loggedPerSecond);
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
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        times.Sort();
        return new Percentiles(times[times.Count / 2], times[(int)(times.Count * 0.95)]);
    }
}
