using System.Diagnostics;
using System.Globalization;
using Ledger.LocalPostgres;
using Npgsql;

namespace Ledger.Benchmarks;

/// <summary>
/// The external scenario's yardstick: `pgbench` with a custom script of one single-row jsonb INSERT per transaction
/// (the table of the in-process ingest yardstick, a body of the same observation JSON), N clients, fixed duration, on
/// the same server and database as the app; latencies from its per-transaction log.
/// </summary>
public static class Pgbench
{
    public static async Task<Sample> RunAsync(string connectionString, int clients, double seconds)
    {
        var db = new NpgsqlConnectionStringBuilder(connectionString);
        var dir = Directory.CreateTempSubdirectory("ledger-pgbench-").FullName;
        try
        {
            var script = Path.Combine(dir, "insert.sql");
            await File.WriteAllTextAsync(script,
                "INSERT INTO bench_rows (commitment, idempotency_key, body) " +
                $"VALUES (gen_random_uuid(), gen_random_uuid()::text, '{LoadGenerator.Body.Replace("'", "''")}'::jsonb);\n");
            var start = new ProcessStartInfo(Executable())
            {
                RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = dir,
                Environment = { ["PGPASSWORD"] = db.Password },
            };
            foreach (var arg in (string[])["-n", "-M", "prepared", "-f", script, "-c", $"{clients}", "-j", $"{Math.Min(clients, 2)}",
                         "-T", $"{(int)Math.Ceiling(seconds)}", "-l", "--log-prefix", Path.Combine(dir, "tx"),
                         "-h", db.Host!, "-p", $"{db.Port}", "-U", db.Username!, db.Database!])
                start.ArgumentList.Add(arg);
            using var pgbench = Process.Start(start)!;
            var output = pgbench.StandardOutput.ReadToEndAsync();
            var errors = pgbench.StandardError.ReadToEndAsync();
            await pgbench.WaitForExitAsync();
            if (pgbench.ExitCode != 0) throw new InvalidOperationException($"pgbench exited with {pgbench.ExitCode}: {await output}{await errors}");

            // Each log line: client, transaction, latency in µs, script, epoch seconds, µs.
            var latencies = Directory.EnumerateFiles(dir, "tx.*").SelectMany(File.ReadLines)
                .Select(line => double.Parse(line.Split(' ')[2], CultureInfo.InvariantCulture) / 1000).ToList();
            return Sample.Of(latencies, (int)Math.Ceiling(seconds));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    static string Executable() =>
        PostgresBinaries.Find() is { } bin && File.Exists(Path.Combine(bin, "pgbench")) ? Path.Combine(bin, "pgbench") : "pgbench";
}
