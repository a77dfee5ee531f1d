using Ledger.LocalPostgres;
using Npgsql;

namespace Ledger.Benchmarks;

/// <summary>
/// `external --trace`, PostgreSQL's side of the profile: pg_stat_statements (loaded by restarting the cluster with it in
/// shared_preload_libraries), reset before the N = 32 load and read after the projections have caught up.
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

    /// <summary>The statements that took most of the server's execution time, per acknowledged observation.</summary>
    public static async Task<string> TopAsync(string db, int observations)
    {
        await using var connection = new NpgsqlConnection(db);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT calls, total_exec_time, sum(total_exec_time) OVER (), left(regexp_replace(query, '\\s+', ' ', 'g'), 110) " +
            "FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 15", connection);
        var lines = new List<string>();
        await using var rows = await command.ExecuteReaderAsync();
        while (await rows.ReadAsync())
            lines.Add($"    {100 * rows.GetDouble(1) / rows.GetDouble(2),5:F1}%  {rows.GetInt64(0) / (double)observations,6:F2} calls/obs  " +
                      $"{rows.GetDouble(1) / rows.GetInt64(0),7:F3} ms/call  {rows.GetString(3)}");
        return "PostgreSQL statements by share of execution time (pg_stat_statements, N=32 load and catch-up):\n" + string.Join('\n', lines);
    }
}
