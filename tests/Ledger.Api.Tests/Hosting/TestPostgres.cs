using DotNet.Testcontainers.Builders;
using Ledger.LocalPostgres;
using Microsoft.Extensions.Logging;
using Npgsql;
using Testcontainers.PostgreSql;

namespace Ledger.Api.Tests.Hosting;

/// <summary>
/// One PostgreSQL server per test run, found in this order: LEDGER_TEST_CONNECTION, Testcontainers when a Docker engine
/// answers, else a throwaway cluster from local binaries (durability off, deleted when the run ends).
/// Every collection gets a fresh database on it.
/// </summary>
public static class TestPostgres
{
    static readonly Lazy<Task<Server>> Shared = new(StartAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    public static async Task<string> NewDatabaseAsync(string purpose)
    {
        var server = await Shared.Value;
        var name = $"ledger_{purpose}_{Guid.NewGuid():N}"; // purpose is a short word: well under 63 characters
        await using var admin = new NpgsqlConnection(server.AdminConnectionString);
        await admin.OpenAsync();
        await using (var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin)) await create.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(server.AdminConnectionString) { Database = name, Pooling = true }.ConnectionString;
    }

    sealed record Server(string AdminConnectionString, Func<Task> Stop);

    static async Task<Server> StartAsync()
    {
        var configured = Environment.GetEnvironmentVariable("LEDGER_TEST_CONNECTION");
        if (!string.IsNullOrWhiteSpace(configured)) return new Server(configured, () => Task.CompletedTask);

        var server = await TryTestcontainersAsync() ?? await StartLocalClusterAsync();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Stop().GetAwaiter().GetResult();
        return server;
    }

    static async Task<Server?> TryTestcontainersAsync()
    {
        PostgreSqlContainer container;
        try
        {
            container = new PostgreSqlBuilder("postgres:17-alpine").Build();
        }
        catch (DockerUnavailableException)
        {
            return null;
        }
        await container.StartAsync();
        return new Server(container.GetConnectionString(), () => container.DisposeAsync().AsTask());
    }

    static async Task<Server> StartLocalClusterAsync()
    {
        RemoveAbandonedClusters();
        var root = Path.Combine(Path.GetTempPath(), $"{ThrowawayPrefix}{Guid.NewGuid():N}");
        Directory.CreateDirectory(root);
        await File.WriteAllTextAsync(Path.Combine(root, OwnerFile), Environment.ProcessId.ToString());
        // Warnings only: that PostgreSQL is being installed, or that the cluster had to move under /tmp.
        using var logs = LoggerFactory.Create(logging => logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning));
        var cluster = await LocalPostgresCluster.StartAsync(
            new LocalClusterOptions(Path.Combine(root, "data"), Throwaway: true, Database: "postgres"),
            logs.CreateLogger(typeof(TestPostgres)));
        return new Server(cluster.ConnectionFor("postgres"), cluster.StopAsync);
    }

    const string ThrowawayPrefix = "ledger-test-cluster-";
    const string OwnerFile = "owner.pid";

    /// <summary>
    /// The test runner may kill its host process before exit handlers run, leaving a cluster behind, often still running;
    /// sweep those whose test process is gone (stopping their server first). Other test processes running now (test
    /// assemblies run in parallel) keep theirs.
    /// </summary>
    static void RemoveAbandonedClusters()
    {
        foreach (var dir in Directory.EnumerateDirectories(Path.GetTempPath(), ThrowawayPrefix + "*"))
        {
            if (Alive(Path.Combine(dir, OwnerFile))) continue;
            var server = Path.Combine(dir, "data", "postmaster.pid");
            if (File.Exists(Path.Combine(dir, OwnerFile)) && Alive(server) && !StopOrphan(server)) continue;
            if (Alive(server)) continue;
            if (!File.Exists(Path.Combine(dir, OwnerFile)) && Directory.GetCreationTimeUtc(dir) > DateTime.UtcNow.AddMinutes(-30)) continue;
            try { Directory.Delete(dir, recursive: true); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { /* another run may be sweeping too */ }
        }
    }

    /// <summary>Immediate shutdown (SIGQUIT) of a throwaway server whose test process is gone; true once it has exited.</summary>
    static bool StopOrphan(string pidFile)
    {
        if (!int.TryParse(File.ReadLines(pidFile).FirstOrDefault(), out var pid)) return false;
        using (var kill = System.Diagnostics.Process.Start("kill", ["-QUIT", pid.ToString()])) kill.WaitForExit();
        for (var i = 0; i < 50 && Directory.Exists($"/proc/{pid}"); i++) Thread.Sleep(100);
        return !Directory.Exists($"/proc/{pid}");
    }

    /// <summary>Does the file name, on its first line, a process that still runs?</summary>
    static bool Alive(string pidFile)
    {
        try
        {
            return File.Exists(pidFile) && int.TryParse(File.ReadLines(pidFile).FirstOrDefault(), out var pid) && Directory.Exists($"/proc/{pid}");
        }
        catch (IOException)
        {
            return true; // being written or removed right now: leave it be
        }
    }
}
