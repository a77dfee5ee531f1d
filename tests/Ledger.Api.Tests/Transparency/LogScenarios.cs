using System.Net;
using System.Text.Json;
using Ledger.Api.Tests.Hosting;
using Ledger.Verify;
using Npgsql;

namespace Ledger.Api.Tests.Transparency;

// The transparency tests that leave the log intact share one host; each tampering test class gets its own (IClassFixture).
[CollectionDefinition(Name)] public sealed class TransparencyCollection : ICollectionFixture<LedgerApi> { public const string Name = "transparency"; }

/// <summary>Steps of the transparency tests: waiting for the log to catch up, and running the verifier against the test server.</summary>
public static class LogScenarios
{
    /// <summary>Waits until a signed checkpoint covers every event in the store (the daemon and the publisher run in the background).</summary>
    public static async Task<JsonElement> CheckpointCoveringEverythingAsync(this LedgerApi api, long? atLeast = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var events = atLeast ?? await api.ScalarAsync<long>("SELECT count(*) FROM mt_events WHERE type <> 'tombstone'");
            using var response = await api.Anonymous().GetAsync("/api/ledger/checkpoint");
            if (response.StatusCode == HttpStatusCode.OK)
            {
                var checkpoint = await response.Json();
                if (checkpoint.GetProperty("treeSize").GetInt64() >= events) return checkpoint;
            }
            if (DateTime.UtcNow > deadline) Assert.Fail($"No checkpoint covered the {events} events within 30 s");
            await Task.Delay(100);
        }
    }

    public static LogClient LogClient(this LedgerApi api) => new(api.Anonymous());

    /// <summary>An audit as a watchdog runs it: anonymously, or with <paramref name="as"/>'s key.</summary>
    public static Task<Report> AuditAsync(
        this LedgerApi api, string stateDirectory, bool full = false, VerifierKey? key = null, HttpClient? @as = null) =>
        new Auditor(@as is null ? api.LogClient() : new LogClient(@as))
            .AuditAsync(new AuditOptions(new StateDirectory(stateDirectory), key, full, PageSize: 7));

    public static Task<Report> ProveAsync(this LedgerApi api, string by, long value, string? stateDirectory = null) =>
        new Prover(api.LogClient()).ProveAsync(new ProveOptions(by, value, State: stateDirectory is null ? null : new StateDirectory(stateDirectory)));

    // One folder per test run for the watchdogs' state directories, removed when the run ends. The runner may kill its host
    // before exit handlers run, so folders an hour old are swept too.
    static readonly Lazy<string> StateRoot = new(() =>
    {
        foreach (var old in Directory.EnumerateDirectories(Path.GetTempPath(), "ledger-verify-tests-*")
                     .Where(d => Directory.GetLastWriteTimeUtc(d) < DateTime.UtcNow.AddHours(-1)))
        {
            try { Directory.Delete(old, recursive: true); }
            catch (IOException) { /* another run may be sweeping too */ }
        }
        var root = Directory.CreateTempSubdirectory("ledger-verify-tests-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try { Directory.Delete(root, recursive: true); }
            catch (IOException) { /* best effort, under /tmp */ }
        };
        return root;
    });

    public static string NewStateDirectory() => Directory.CreateDirectory(Path.Combine(StateRoot.Value, Guid.NewGuid().ToString("N"))).FullName;

    /// <summary>What an operator with superuser access could do to the database behind the ledger's back.</summary>
    public static async Task TamperAsync(this LedgerApi api, string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        await command.ExecuteNonQueryAsync();
    }

    public static void Holds(Report report) => Assert.True(report.Holds, "The check failed:\n" + report);

    public static void Fails(Report report, params string[] saying)
    {
        Assert.False(report.Holds, "The check passed, but it should have failed:\n" + report);
        foreach (var words in saying)
            Assert.True(report.Failures.Any(f => f.Contains(words, StringComparison.Ordinal)), $"No failure says '{words}':\n{report}");
    }
}
