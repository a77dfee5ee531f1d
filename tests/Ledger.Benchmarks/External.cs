using System.Diagnostics;
using System.Text.Json;
using Ledger.Api.Tests.Hosting;
using Ledger.LocalPostgres;
using Microsoft.Extensions.Logging;
using Npgsql;
using Answer = Ledger.Benchmarks.LoadGenerator.Answer;

namespace Ledger.Benchmarks;

/// <summary>
/// P1 and P4 measured from outside: the Release app as its own process on a durable PostgreSQL cluster of its own
/// (fsync, synchronous_commit and full_page_writes on), driven by a separate load-generator process (N clients, a
/// fixed time, a fresh Idempotency-Key per observation); yardstick `pgbench` (one single-row jsonb INSERT per
/// transaction) with the same clients on the same server right after. Then idempotency, durability across a crash of
/// both the app and PostgreSQL, and a full rebuild through the app's own command line.
/// </summary>
public static class External
{
    public static async Task RunAsync(bool quick, bool trace)
    {
        if (!File.Exists(ReleaseApp.Dll)) { Bench.Line($"external: skipped, {ReleaseApp.Dll} is missing (build with -c Release)"); return; }
        // Not Directory.CreateTempSubdirectory: its mode 700 would keep the postgres user out.
        var root = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"ledger-bench-durable-{Guid.NewGuid():N}")).FullName;
        using var logs = LoggerFactory.Create(logging => logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning));
        var cluster = await LocalPostgresCluster.StartAsync(
            new LocalClusterOptions(Path.Combine(root, "data"), Throwaway: false), logs.CreateLogger(typeof(External)));
        try
        {
            await MeasureAsync(cluster, quick, trace);
        }
        finally
        {
            await cluster.StopAsync();
            Directory.Delete(root, recursive: true);
        }
    }

    static async Task MeasureAsync(LocalPostgresCluster cluster, bool quick, bool trace)
    {
        var db = cluster.ConnectionString;
        Bench.Line($"# durable cluster of its own: {await SettingsAsync(db)}; load average {File.ReadAllText("/proc/loadavg").Trim()}");
        var seconds = quick ? 4 : 20;
        if (trace) await Statements.EnableAsync(cluster);
        await using var app = ReleaseApp.Start(db);
        var started = await app.WaitUntilHealthyAsync(TimeSpan.FromSeconds(60));
        using var http = app.Client();
        var target = await ReleaseApp.PrepareAsync(http, commitments: 32);
        await Bench.ExecAsync(db, Ingest.YardstickTable);
        Bench.Line($"# the Release app as process {app.Id} at {app.BaseAddress} (Production, rate limits off); " +
                   $"load generator: this harness's hidden `load` command, its own process; {seconds} s per run");

        var acked = new List<Answer>();
        var warmUp = await LoadAsync(app, cluster, target, clients: 8, seconds: quick ? 2 : 5);
        acked.AddRange(warmUp.Answers.Where(a => a.Status == 201));
        Bench.Line("P1 external ingest: POST observations from a separate process vs pgbench single-row jsonb INSERT transactions");
        foreach (var n in Ingest.ClientCounts)
        {
            var level = await RunLevelAsync(app, cluster, target, n, seconds, profiled: trace && n == 32);
            acked.AddRange(level.Acked);
            level.Print();
            if (n == 32) level.ReportGoals($"external N=32, {seconds} s");
        }

        await CheckIdempotencyAsync(http, db, target, acked);
        // A crash of both: the app killed (SIGKILL), PostgreSQL shut down immediately (SIGQUIT: no checkpoint), recovered.
        await app.KillAsync();
        await CrashAndRecoverAsync(cluster);
        await CheckDurabilityAsync(db, acked);
        await RebuildAsync(db, started);
    }

    /// <summary>One level of clients: the load, the projections catching up, then pgbench with as many clients.</summary>
    sealed record Level(
        int Clients, List<Answer> Answers, Sample Ledger, LoadGenerator.Summary Load, Sample Yardstick, double YardstickDatabaseCpuMs,
        Dictionary<string, List<double>> Lags, bool CaughtUp)
    {
        public List<Answer> Acked { get; } = [.. Answers.Where(a => a.Status == 201)];
        double Ratio => Ledger.PerSecond / Yardstick.PerSecond;
        double AppCpu => PerObservation(Load.AppCpuMs);
        double PerObservation(double ms) => ms / Math.Max(1, Acked.Count);

        public void Print()
        {
            var statuses = string.Join(", ", Answers.GroupBy(a => a.Status).OrderBy(g => g.Key).Select(g => $"{g.Key}: {g.Count():N0}"));
            Bench.Line($"  N={Clients,2} {Answers.Count,6:N0} requests ({statuses})  ledger {Ledger}  |  yardstick pgbench {Yardstick}  |  " +
                       $"ratio {Ratio:F3}×  |  CPU ms/observation: app {AppCpu:F2}, PostgreSQL {PerObservation(Load.DatabaseCpuMs):F2}, " +
                       $"load generator {PerObservation(Load.GeneratorCpuMs):F2}; PostgreSQL per pgbench INSERT {YardstickDatabaseCpuMs:F3}");
            var lags = Lags.OrderBy(l => l.Key).Select(l => $"{l.Key} p50 {Sample.Pct(l.Value, 0.5):N0} / p99 {Sample.Pct(l.Value, 0.99):N0} ms");
            Bench.Line($"       lag 201 → applied by the projection{(CaughtUp ? "" : " (NOT caught up within 2 min)")}: {string.Join(", ", lags)}");
        }

        public void ReportGoals(string where)
        {
            Goals.Report("P1 ingest ratio", where, $"{Ratio:F3}× ({Ledger.PerSecond:N0} vs {Yardstick.PerSecond:N0}/s)", "≥ 0.5×", Ratio >= 0.5);
            Goals.Report("P1 ingest p99", where, $"{Ledger.P99:N0} ms", "≤ 50 ms", Ledger.P99 <= 50);
            Goals.Report("P1 app CPU per observation", where, $"{AppCpu:F2} ms", "< 0.3 ms", AppCpu < 0.3);
            var (name, lag) = Lags.FirstOrDefault(l => l.Key.StartsWith("TrackedCommitment", StringComparison.OrdinalIgnoreCase));
            if (lag is null) return;
            var p99 = Sample.Pct(lag, 0.99);
            Goals.Report("P4 lag p99", $"{where}, {name} (/api/gaps)", $"{p99:N0} ms", "≤ 500 ms", p99 <= 500);
        }
    }

    static async Task<Level> RunLevelAsync(
        ApiProcess app, LocalPostgresCluster cluster, ReleaseApp.Target target, int clients, int seconds, bool profiled)
    {
        var db = cluster.ConnectionString;
        var progress = new DaemonProgress(db);
        var profile = profiled ? Profile.Start(app.Id, seconds) : null;
        if (profiled) await Statements.ResetAsync(db);
        var (answers, load) = await LoadAsync(app, cluster, target, clients, seconds);
        var acked = answers.Where(a => a.Status == 201).ToList();
        var caughtUp = acked.Count > 0 && await progress.WaitForAsync(acked.Max(a => a.Sequence), TimeSpan.FromMinutes(2));
        await progress.DisposeAsync();
        if (profile is not null) Bench.Line($"  profile: {await profile}\n{await Statements.TopAsync(db, acked.Count)}");

        var databaseCpu = LoadGenerator.ProcessTreeCpu(Postmaster(cluster));
        var raw = await Pgbench.RunAsync(db, clients, seconds);
        var rawCpu = (LoadGenerator.ProcessTreeCpu(Postmaster(cluster)) - databaseCpu).TotalMilliseconds / Math.Max(1, raw.Count);
        return new Level(clients, answers, Sample.Of([.. acked.Select(a => a.Milliseconds)], load.Seconds), load, raw, rawCpu,
            progress.Lags([.. acked.Select(a => (a.AckedUtc, a.Sequence))]), caughtUp);
    }

    static async Task<(List<Answer> Answers, LoadGenerator.Summary Summary)> LoadAsync(
        ApiProcess app, LocalPostgresCluster cluster, ReleaseApp.Target target, int clients, double seconds)
    {
        var file = Path.Combine(Path.GetTempPath(), $"ledger-load-{Guid.NewGuid():N}.tsv");
        var options = new LoadGenerator.Options(
            app.BaseAddress.ToString(), target.ObserverKey, target.Commitments, clients, seconds, app.Id, Postmaster(cluster), file);
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet") { RedirectStandardOutput = true };
        foreach (var arg in (string[])["exec", typeof(External).Assembly.Location, .. options.Arguments()]) start.ArgumentList.Add(arg);
        using var generator = Process.Start(start)!;
        var output = await generator.StandardOutput.ReadToEndAsync();
        await generator.WaitForExitAsync();
        if (generator.ExitCode != 0) throw new InvalidOperationException($"the load generator exited with {generator.ExitCode}: {output}");
        try
        {
            var summary = JsonSerializer.Deserialize<LoadGenerator.Summary>(output.Trim().Split('\n')[^1])!;
            return ([.. File.ReadLines(file).Select(Answer.Parse)], summary);
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>100 acknowledged submissions sent again with their keys: the same observation each time, no new event; a key
    /// reused for another commitment: 422.</summary>
    static async Task CheckIdempotencyAsync(HttpClient http, string db, ReleaseApp.Target target, List<Answer> acked)
    {
        http.DefaultRequestHeaders.Authorization = new("Bearer", target.ObserverKey);
        var before = await ScalarAsync(db, "SELECT count(*) FROM mt_events WHERE type = 'observation_submitted'");
        var sample = acked.OrderBy(a => a.Key).Take(100).ToList();
        var same = 0;
        foreach (var a in sample)
            if ((await LoadGenerator.PostAsync(http, a.Commitment, a.Key)) is { Status: 201 or 200 } again && again.Id == a.Id) same++;
        var other = target.Commitments.First(c => c != sample[0].Commitment);
        var reused = await LoadGenerator.PostAsync(http, other, sample[0].Key);
        var after = await ScalarAsync(db, "SELECT count(*) FROM mt_events WHERE type = 'observation_submitted'");
        Goals.Report("P1 idempotency", "external", $"{same} of {sample.Count} retries answered with their first observation, " +
                     $"{after - before} new events; a key reused for another commitment answered {reused.Status}", "all, 0 new, 422",
                     same == sample.Count && after == before && reused.Status == 422);
    }

    static int Postmaster(LocalPostgresCluster cluster) =>
        int.Parse(File.ReadLines(Path.Combine(cluster.DataDirectory, "postmaster.pid")).First());

    static async Task CrashAndRecoverAsync(LocalPostgresCluster cluster)
    {
        var pid = Postmaster(cluster);
        using (var kill = Process.Start("kill", ["-QUIT", pid.ToString()])) await kill.WaitForExitAsync();
        for (var i = 0; i < 100 && Directory.Exists($"/proc/{pid}"); i++) await Task.Delay(100);
        NpgsqlConnection.ClearAllPools();
        await cluster.StartServerAsync();
    }

    /// <summary>Every acknowledged observation, after the crash: its id at its receipt's sequence, as observation_submitted.</summary>
    static async Task CheckDurabilityAsync(string db, List<Answer> acked)
    {
        await using var connection = new NpgsqlConnection(db);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT a.id FROM unnest($1::uuid[], $2::bigint[]) AS a(id, seq) LEFT JOIN mt_events e " +
            "ON e.seq_id = a.seq AND e.stream_id = a.id AND e.type = 'observation_submitted' WHERE e.seq_id IS NULL", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = acked.Select(a => a.Id).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = acked.Select(a => a.Sequence).ToArray() });
        var missing = new List<Guid>();
        await using (var rows = await command.ExecuteReaderAsync())
            while (await rows.ReadAsync()) missing.Add(rows.GetGuid(0));
        Goals.Report("P1 durability", "external, after SIGKILL of the app and an immediate shutdown of PostgreSQL",
            $"{acked.Count - missing.Count:N0} of {acked.Count:N0} acknowledged observations in mt_events at their receipt's sequence" +
            (missing.Count > 0 ? $"; missing: {string.Join(", ", missing.Take(5))}" : ""), "all", missing.Count == 0);
    }

    /// <summary>
    /// `projections rebuild` on the Release build's command line, timed from process start to exit; less the host's start
    /// (the app's own start to its first /health in this run) for the per-event rate, which small stores would drown.
    /// </summary>
    static async Task RebuildAsync(string db, TimeSpan hostStart)
    {
        var events = await ScalarAsync(db, "SELECT count(*) FROM mt_events");
        var clock = Stopwatch.StartNew();
        var (exit, output) = await ApiProcess.RunAsync(db, "projections", "rebuild");
        var seconds = clock.Elapsed.TotalSeconds;
        if (exit != 0) throw new InvalidOperationException($"projections rebuild exited with {exit}: {output}");
        var readAll = await Freshness.ReadEveryEventAsync(db);
        var net = Math.Max(0.1, seconds - hostStart.TotalSeconds);
        var scaled = net * 1_000_000 / events;
        Bench.Line($"P4 external rebuild: `-- projections rebuild` over {events:N0} events {seconds:F1} s from process start to exit, " +
                   $"{net:F1} s less the host's start ({hostStart.TotalSeconds:F1} s; {events / net:N0} events/s)  |  " +
                   $"yardstick Npgsql read+parse of every event {readAll:F2} s  |  ratio {readAll / net:F2}×");
        if (events < 10_000 || seconds - hostStart.TotalSeconds < 1) { Bench.Line("  (too few events to extrapolate: see `freshness`)"); return; }
        Goals.Report("P4 rebuild per 1M events", $"external, extrapolated from {events:N0} events (measured at 1M: freshness --events 1000000)",
            $"≈ {scaled:N0} s", "≤ 60 s", scaled <= 60);
    }

    static async Task<string> SettingsAsync(string db)
    {
        await using var connection = new NpgsqlConnection(db);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT string_agg(name || ' ' || setting, ', ' ORDER BY name) FROM pg_settings " +
            "WHERE name IN ('fsync', 'synchronous_commit', 'full_page_writes', 'wal_sync_method', 'shared_buffers', 'server_version')", connection);
        return $"PostgreSQL {(string)(await command.ExecuteScalarAsync())!}";
    }

    static async Task<long> ScalarAsync(string db, string sql)
    {
        await using var connection = new NpgsqlConnection(db);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }
}
