using Ledger.LocalPostgres;
using Npgsql;

namespace Ledger.Benchmarks;

/// <summary>
/// `external --trace` and `freshness --trace`, PostgreSQL's side of the profile: pg_stat_statements (loaded by
/// restarting the cluster with it in shared_preload_libraries), reset before the measured work and read after it.
/// </summary>
public static class Statements
{
    public static async Task EnableAsync(LocalPostgresCluster cluster)
    {
        await Bench.ExecAsync(cluster.ConnectionString, "ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'");
        NpgsqlConnection.ClearAllPools();
        await cluster.StopServerAsync();
        await cluster.StartServerAsync();
        await Bench.ExecAsync(cluster.ConnectionString, "CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
    }

    public static Task ResetAsync(string db) => Bench.ExecAsync(db, "SELECT pg_stat_statements_reset()");

    /// <summary>Whether the server loaded pg_stat_statements (the harness's own, or one preloading it).</summary>
    public static async Task<bool> AvailableAsync(string db)
    {
        await using var connection = new NpgsqlConnection(db);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SHOW shared_preload_libraries", connection);
        if (!((string)(await command.ExecuteScalarAsync())!).Contains("pg_stat_statements")) return false;
        await Bench.ExecAsync(db, "CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
        return true;
    }

    /// <summary>The statements that took most of the server's execution time, per acknowledged observation.</summary>
    public static Task<string> TopAsync(string db, int observations) =>
        TopAsync(db, observations, "obs", "N=32 load and catch-up");

    /// <summary>The statements that took most of the server's execution time, per unit of work.</summary>
    public static async Task<string> TopAsync(string db, int units, string unit, string during, int top = 15)
    {
        await using var connection = new NpgsqlConnection(db);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT calls, total_exec_time, sum(total_exec_time) OVER (), " +
            "left(regexp_replace(query, '\\s+', ' ', 'g'), 170) " +
            $"FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT {top}", connection);
        var (lines, total) = (new List<string>(), 0.0);
        await using var rows = await command.ExecuteReaderAsync();
        while (await rows.ReadAsync())
        {
            total = rows.GetDouble(2);
            lines.Add($"    {100 * rows.GetDouble(1) / rows.GetDouble(2),5:F1}%  " +
                      $"{rows.GetInt64(0) / (double)units,6:F2} calls/{unit}  " +
                      $"{rows.GetDouble(1) / rows.GetInt64(0),7:F3} ms/call  {rows.GetString(3)}");
        }
        return $"PostgreSQL statements by share of execution time (pg_stat_statements, {during}; " +
               $"{total / Math.Max(1, units):F3} ms of execution per {unit} in all):\n" + string.Join('\n', lines);
    }
}
