using System.Net;
using System.Net.Http.Json;
using Ledger.Api.Tests.Hosting;
using Npgsql;
using NpgsqlTypes;

namespace Ledger.Benchmarks;

/// <summary>
/// P1: observations POSTed over real HTTP (Kestrel on 127.0.0.1) by N concurrent clients, each request with its own
/// Idempotency-Key and an observer key; yardstick: single-row INSERT transactions through Npgsql at the same concurrency,
/// into a plain table on the same database, with a JSON body of the same size.
/// </summary>
public static class Ingest
{
    public static readonly int[] ClientCounts = [1, 8, 32];

    public static async Task RunAsync(bool quick)
    {
        await using var api = await Hosts.NewKestrelAsync();
        Bench.Line($"# {await Bench.PostgresVersionAsync(api.ConnectionString)}; app on Kestrel at {api.BaseUrl} (real TCP, in the harness process)");
        var target = await PrepareAsync(api, commitments: 32);
        using var http = api.Http(target.ObserverKey);
        var body = System.Text.Json.JsonSerializer.Serialize(Scenarios.Observation());

        // Warm-up: code generation, pools, plans.
        for (var i = 0; i < 30; i++) await PostAsync(http, target.Commitments[i % target.Commitments.Count]);

        await Bench.ExecAsync(api.ConnectionString, YardstickTable);
        await using var source = new NpgsqlDataSourceBuilder(api.ConnectionString).Build();
        for (var i = 0; i < 30; i++) await InsertAsync(source, target.Commitments[0], body);

        Bench.Line("P1 ingest: POST /api/commitments/{id}/observations over HTTP vs Npgsql single-row INSERT transactions (same DB, same concurrency)");
        foreach (var n in ClientCounts)
        {
            var total = quick ? Math.Max(150, n * 12) : Math.Max(1_000, n * 60);
            // The process's own CPU: the app, its daemon and the in-process client, per request.
            var cpuBefore = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
            var ledger = await Bench.ConcurrentAsync(n, total, (_, i) => PostAsync(http, target.Commitments[i % target.Commitments.Count]));
            var cpuPerRequest = (System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds / total;
            var raw = await Bench.ConcurrentAsync(n, total, (_, i) => InsertAsync(source, target.Commitments[i % target.Commitments.Count], body));
            var ratio = ledger.PerSecond / raw.PerSecond;
            var goal = n == 32 ? $"  goal ≥ 0.5× and p99 ≤ 50 ms: {Bench.Verdict(ratio >= 0.5 && ledger.P99 <= 50)}" : "";
            var cpu = $"process CPU {cpuPerRequest:F2} ms/request";
            Bench.Line($"  N={n,2} {total,5} requests  ledger {ledger}  |  yardstick {raw}  |  ratio {ratio:F2}×  |  {cpu}{goal}");
            if (n != 32) continue;
            Goals.Report("P1 ingest ratio", "ingest in-process, fsync off, N=32", $"{ratio:F2}×", "≥ 0.5×", ratio >= 0.5);
            Goals.Report("P1 ingest p99", "ingest in-process, fsync off, N=32", $"{ledger.P99:N0} ms", "≤ 50 ms", ledger.P99 <= 50);
        }
    }

    /// <summary>The yardstick's plain table: the observation's commitment, its idempotency key (unique) and its body.</summary>
    public const string YardstickTable =
        "CREATE TABLE bench_rows (id bigserial PRIMARY KEY, commitment uuid NOT NULL, " +
        "idempotency_key text NOT NULL UNIQUE, body jsonb NOT NULL, recorded_at timestamptz NOT NULL DEFAULT now())";

    public sealed record Target(string ObserverKey, string CuratorKey, string DealId, IReadOnlyList<string> Commitments);

    /// <summary>A deal with commitments, an observer key and a curator key, all through the API.</summary>
    public static async Task<Target> PrepareAsync(LedgerApi api, int commitments)
    {
        var observer = await api.KeyWithRole("observer");
        var dealId = await api.RegisterDeal();
        var curator = await api.CuratorKeyOf(dealId);
        var ids = new List<string>();
        for (var i = 0; i < commitments; i++) ids.Add(await api.MakeCommitment(dealId, Scenarios.Commitment(title: $"Item {i}")));
        return new Target(observer, curator, dealId, ids);
    }

    public static async Task PostAsync(HttpClient http, string commitmentId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/commitments/{commitmentId}/observations")
        {
            Content = JsonContent.Create(Scenarios.Observation()),
        };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        using var response = await http.SendAsync(request);
        if (response.StatusCode != HttpStatusCode.Created)
            throw new InvalidOperationException($"POST observation answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    static async Task InsertAsync(NpgsqlDataSource source, string commitmentId, string body)
    {
        await using var command = source.CreateCommand("INSERT INTO bench_rows (commitment, idempotency_key, body) VALUES ($1, $2, $3)");
        command.Parameters.AddWithValue(Guid.Parse(commitmentId));
        command.Parameters.AddWithValue(Guid.NewGuid().ToString());
        command.Parameters.AddWithValue(NpgsqlDbType.Jsonb, body);
        await command.ExecuteNonQueryAsync();
    }
}
