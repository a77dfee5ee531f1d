using System.Net;
using JasperFx.Events.Daemon;
using Ledger.Api.Tests.Hosting;
using Ledger.Commitments;
using Ledger.Deals;
using Ledger.Observations;
using Marten;
using Marten.Events;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Ledger.Benchmarks;

/// <summary>
/// P3: current-state and time-travel reads over HTTP (Kestrel, loopback) on a generated ledger; yardsticks: GET /health
/// (the HTTP pipeline with no database) and an Npgsql primary-key read of the same read model's row (the database floor).
/// </summary>
public static class Reads
{
    /// <summary>One read's figures at one size of ledger.</summary>
    public sealed record Figure(string Name, bool Current, double P50, double P99);

    public static async Task<IReadOnlyList<Figure>> RunAsync(int events, bool quick)
    {
        await using var api = await Hosts.NewKestrelAsync();
        Bench.Line($"# {await Bench.PostgresVersionAsync(api.ConnectionString)}; app on Kestrel at {api.BaseUrl}");
        var store = api.Services.GetRequiredService<IDocumentStore>();
        var ledger = await new Generator().AppendAsync(store, events, 5_000, n => Bench.Line($"  generated {n:N0} events"));
        var caughtUp = System.Diagnostics.Stopwatch.StartNew();
        await store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromMinutes(30));
        Bench.Line($"  generated {ledger.Events:N0} events ({ledger.Deals.Count:N0} deals, " +
                   $"{ledger.Commitments.Count:N0} commitments, {ledger.Promisors.Count} promisors) " +
                   $"in {ledger.Seconds:F1} s, 5,000 per Marten session; async projections caught up {caughtUp.Elapsed.TotalSeconds:F1} s later");
        await Bench.ExecAsync(api.ConnectionString, "VACUUM ANALYZE");

        using var http = api.Http();
        var random = new Random(7);
        var count = quick ? 100 : 300;
        var heavy = quick ? 10 : 30;
        string C() => ledger.Commitments[random.Next(ledger.Commitments.Count)].ToString();
        string D() => ledger.Deals[random.Next(ledger.Deals.Count)].ToString();
        string P() => Uri.EscapeDataString(ledger.Promisors[random.Next(ledger.Promisors.Count)]);
        var knownAt = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddSeconds(-1).ToString("yyyy-MM-ddTHH:mm:ssZ"));
        const string asOf = "asOf=2020-06-30";

        await using var source = NpgsqlDataSource.Create(api.ConnectionString);
        async Task PkRead(int unused)
        {
            await using var command = source.CreateCommand("SELECT data FROM mt_doc_trackedcommitment WHERE id = $1");
            command.Parameters.AddWithValue(Guid.Parse(C()));
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync()) _ = reader.GetString(0);
        }

        Bench.Line("P3 reads (sequential, after 10 warm-up requests; goal p99 ≤ 10 ms for current-state reads)");
        var health = await Bench.SequentialAsync(count, _ => Get(http, "/health"));
        var pk = await Bench.SequentialAsync(count, PkRead);
        Bench.Line($"  yardstick GET /health (HTTP pipeline, no DB)          {health}");
        Bench.Line($"  yardstick Npgsql PK read of a tracked commitment row   {pk}");
        var reads = new (string Name, bool Current, int Count, Func<string> Url)[]
        {
            ("commitment status", true, count, () => $"/api/commitments/{C()}"),
            ("commitment status asOf", false, count, () => $"/api/commitments/{C()}?{asOf}"),
            ("commitment status knownAt", false, count, () => $"/api/commitments/{C()}?knownAt={knownAt}"),
            ("deal scorecard", true, count, () => $"/api/deals/{D()}/scorecard"),
            ("deal scorecard asOf+knownAt", false, count, () => $"/api/deals/{D()}/scorecard?{asOf}&knownAt={knownAt}"),
            ("gaps default", true, count, () => "/api/gaps"),
            ("gaps party+status+unit", true, count, () => $"/api/gaps?party={P()}&status=overdue&unit=km"),
            ("gaps sort=dueOn", true, count, () => "/api/gaps?sort=dueOn"),
            ("gaps dealId", true, count, () => $"/api/gaps?dealId={D()}"),
            ("gaps party asOf", false, heavy, () => $"/api/gaps?party={P()}&{asOf}"),
            ("gaps dealId asOf", false, count, () => $"/api/gaps?dealId={D()}&{asOf}"),
            ("gaps default asOf (all rows)", false, heavy, () => $"/api/gaps?{asOf}"),
            ("gaps sort=dueOn knownAt (all)", false, heavy, () => $"/api/gaps?sort=dueOn&knownAt={knownAt}"),
            ("party record", true, count, () => $"/api/parties/{P()}/record"),
            ("party record asOf", false, heavy, () => $"/api/parties/{P()}/record?{asOf}"),
        };
        var p99s = new List<Figure>();
        foreach (var (name, current, n, url) in reads)
        {
            var sample = await Bench.SequentialAsync(n, _ => Get(http, url()), warmUp: Math.Min(10, n));
            p99s.Add(new Figure(name, current, sample.P50, sample.P99));
            var goal = current ? $"  goal p99 ≤ 10 ms: {Bench.Verdict(sample.P99 <= 10)}" : "  (time travel: no goal)";
            Bench.Line($"  {name,-31} n={n,3} p50 {sample.P50,8:F2} ms  p99 {sample.P99,8:F2} ms  = {sample.P50 / pk.P50,6:F1}× the PK read p50{goal}");
        }
        foreach (var (goal, current, limit) in new[] { ("P3 read p99", true, 10.0), ("P3 time-travel p99", false, 200.0) })
        {
            var these = p99s.Where(r => r.Current == current).ToList();
            var worst = these.MaxBy(r => r.P99)!;
            Goals.Report(goal, $"reads, {ledger.Events:N0} events", $"{these.Count(r => r.P99 <= limit)} of {these.Count} reads within; " +
                         $"worst {worst.Name} {worst.P99:F1} ms", $"≤ {limit:N0} ms each", these.All(r => r.P99 <= limit));
        }
        Bench.Line($"  time travel: asOf/knownAt cannot use the projected columns (they hold today's status), so the candidate rows that match the " +
                   $"fixed filters (party, deal, category, unit) are loaded with their recorded facts and the status recomputed in memory for each; " +
                   $"unfiltered gaps read and recompute all {ledger.Commitments.Count:N0} commitments per request, streamed, " +
                   "holding only the rows that can reach the page");
        return p99s;
    }

    /// <summary>
    /// The case: anonymous gaps on a deal whose 32 commitments have <paramref name="perCommitment"/> observations
    /// each, against a deal of 32 fresh ones (0–2 each) in the same ledger, 8 clients, in alternate rounds (so the load
    /// of a shared machine falls on both alike): while the projections catch up, then after; then the unfiltered
    /// GET /api/gaps, before and after the observations. A request's cost should not depend on the observations.
    /// </summary>
    public static async Task ObservedAsync(int perCommitment, bool quick)
    {
        await using var api = await Hosts.NewKestrelAsync();
        Bench.Line($"# {await Bench.PostgresVersionAsync(api.ConnectionString)}; app on Kestrel at {api.BaseUrl}");
        var store = api.Services.GetRequiredService<IDocumentStore>();
        var generator = new Generator();
        var (fresh, observed) = (generator.NextDeal(commitments: 32), generator.NextDeal(commitments: 32));
        await AppendAsync(store, [.. fresh, .. observed]);
        await store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromMinutes(5));
        using var http = api.Http();
        var (rounds, perRound) = quick ? (2, 100) : (6, 200);
        Func<int, int, Task> Gaps(string query) => (_, _) => Get(http, $"/api/gaps{query}");
        var (freshGaps, observedGaps, allGaps) = (Gaps($"?dealId={fresh[0].Id}"), Gaps($"?dealId={observed[0].Id}"), Gaps(""));
        await Bench.ConcurrentAsync(8, 80, allGaps);
        var unfilteredBefore = await Bench.ConcurrentAsync(8, rounds * perRound, allGaps);

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var observations = new List<StreamStart>();
        var commitments = observed.Where(s => s.Kind == Kind.Commitment).Select(s => s.Id).ToList();
        for (var o = 0; o < perCommitment; o++)
            foreach (var commitmentId in commitments) observations.Add(Observed(commitmentId, observed[0].Id, o));
        foreach (var chunk in observations.Chunk(500)) await AppendAsync(store, chunk);
        var appended = clock.Elapsed.TotalSeconds;
        var catchingUp = await AlternateAsync(freshGaps, observedGaps, rounds, perRound / 2);
        var duringCatchUp = clock.Elapsed.TotalSeconds;
        await store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromMinutes(30));
        var caughtUp = clock.Elapsed.TotalSeconds;
        await Bench.ExecAsync(api.ConnectionString, "VACUUM ANALYZE");
        var after = await AlternateAsync(freshGaps, observedGaps, rounds, perRound);
        var unfilteredAfter = await Bench.ConcurrentAsync(8, rounds * perRound, allGaps);
        var rowBytes = await Sql.ScalarAsync<long>(api.ConnectionString, "SELECT max(pg_column_size(data))::bigint FROM mt_doc_trackedcommitment");

        Bench.Line($"P3 anonymous gaps, 8 clients: a deal of 32 commitments with {perCommitment} more observations each " +
                   $"({observations.Count * 2:N0} events appended in {appended:F1} s; projections caught up at {caughtUp:F1} s) " +
                   $"against a deal of 32 fresh ones, {rounds} alternate rounds each");
        foreach (var (phase, (freshDeal, observedDeal)) in new[]
                 { ($"while the projections catch up ({duringCatchUp - appended:F1} s)", catchingUp), ("caught up", after) })
        {
            Bench.Line($"  {phase}:");
            Bench.Line($"    ?dealId= fresh deal      {freshDeal}");
            Bench.Line($"    ?dealId= observed deal   {observedDeal}  = {observedDeal.PerSecond / freshDeal.PerSecond:F2}× the fresh deal's rate");
        }
        Bench.Line($"  GET /api/gaps (64 rows, page of 50): before the observations {unfilteredBefore}; after {unfilteredAfter}  " +
                   $"= {unfilteredAfter.PerSecond / unfilteredBefore.PerSecond:F2}×");
        Bench.Line($"  largest tracked-commitment row: {rowBytes:N0} bytes");
        var ratio = after.Observed.PerSecond / after.Fresh.PerSecond;
        Goals.Report("P3 gaps independent of observations", $"observed, 32 commitments × {perCommitment} observations, caught up",
            $"{ratio:F2}× the fresh deal's rate", $"≥ {Independent:F1}× (the same, within a shared machine's noise)", ratio >= Independent);
    }

    const double Independent = 0.8;

    /// <summary>Rounds of one query then the other, each pooled over its rounds.</summary>
    static async Task<(Sample Fresh, Sample Observed)> AlternateAsync(
        Func<int, int, Task> fresh, Func<int, int, Task> observed, int rounds, int perRound)
    {
        var (a, b) = (new List<Sample>(), new List<Sample>());
        for (var r = 0; r < rounds; r++)
        {
            a.Add(await Bench.ConcurrentAsync(8, perRound, fresh));
            b.Add(await Bench.ConcurrentAsync(8, perRound, observed));
        }
        return (Pooled(a), Pooled(b));
    }

    /// <summary>Rounds pooled: requests over the rounds' total time; p50 and p99 as the median of the rounds'.</summary>
    static Sample Pooled(List<Sample> rounds) => new(rounds.Sum(r => r.Count), rounds.Sum(r => r.Seconds),
        rounds.Select(r => r.P50).Order().ElementAt(rounds.Count / 2), rounds.Select(r => r.P99).Order().ElementAt(rounds.Count / 2));

    static StreamStart Observed(Guid commitmentId, Guid dealId, int o)
    {
        var id = Guid.CreateVersion7();
        var observedOn = new DateOnly(2015, 1, 1).AddDays(o);
        var submitted = new ObservationSubmitted(id, commitmentId, dealId, observedOn, Guid.Empty, "Observers",
            new Finding(Assessment.PartiallyDelivered, o), "Seen", "fr", null, [],
            new DateTimeOffset(observedOn.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));
        return new StreamStart(Kind.Observation, id, [submitted, new ObservationAccepted(id, commitmentId, observedOn, null)]);
    }

    static async Task AppendAsync(IDocumentStore store, IEnumerable<StreamStart> streams)
    {
        await using var session = store.LightweightSession();
        foreach (var s in streams)
            _ = s.Kind switch
            {
                Kind.Deal => session.Events.StartStream<Deal>(s.Id, s.Events),
                Kind.Commitment => session.Events.StartStream<Commitment>(s.Id, s.Events),
                _ => session.Events.StartStream<Observation>(s.Id, s.Events),
            };
        await session.SaveChangesAsync();
    }

    static async Task Get(HttpClient http, string url)
    {
        using var response = await http.GetAsync(url);
        await response.Content.LoadIntoBufferAsync();
        if (response.StatusCode != HttpStatusCode.OK)
            throw new InvalidOperationException($"GET {url} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }
}
