using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Ledger.Api.Tests.Hosting;
using Xunit.Abstractions;
using static Ledger.Api.Tests.Hosting.LedgerProcesses;

namespace Ledger.Api.Tests.Infrastructure;

/// <summary>
/// A lone API process killed (SIGKILL) under write load and started again on the same database, as an operator's
/// supervisor would, with the shipped durability settings: every write acknowledged before the kill, or retried with its
/// Idempotency-Key until acknowledged after it, is stored exactly once; the read model and the transparency log catch up
/// with every event without anyone's help (the dead process's claim on the projections does not hold them back until
/// it goes stale); and they are what a rebuild from the events gives.
/// </summary>
public sealed class a_killed_process_restarts_and_catches_up(ITestOutputHelper output) : IAsyncLifetime
{
    static readonly TimeSpan Patience = TimeSpan.FromSeconds(90); // a fresh process on a busy two-core CI box
    const int Writers = 4;

    string _connectionString = "";
    readonly List<ApiProcess> _processes = [];
    ApiProcess _current = null!;

    public async Task InitializeAsync() => _connectionString = await TestPostgres.NewDatabaseAsync("restart");

    public async Task DisposeAsync()
    {
        foreach (var process in _processes) await process.DisposeAsync();
    }

    async Task<ApiProcess> StartAsync(string name)
    {
        var settings = NodeSettings();
        // Far beyond the test's patience: the restarted process can only take the dead one's projections over because
        // it can tell that the dead one's process is gone, not because its heartbeat went stale.
        settings["Ledger:Durability:StaleNodeTimeout"] = "00:10:00";
        var process = ApiProcess.Start(name, _connectionString, settings);
        _processes.Add(process);
        await process.WaitUntilHealthyAsync(Patience);
        return _current = process;
    }

    [Fact]
    public async Task every_acknowledged_write_is_kept_once_and_the_log_catches_up()
    {
        await StartAsync("first process");
        using var admin = _current.Client(LedgerApi.AdminKey);
        var (observerKey, _, _) = await ObserverKeyAsync(admin, "Observatoire redémarré");
        var commitments = await CommitmentsAsync(admin, count: 4);

        var acknowledged = new ConcurrentBag<Guid>();
        var answers = new ConcurrentDictionary<HttpStatusCode, int>();
        using var writing = new CancellationTokenSource();
        var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            for (var i = 0; !writing.IsCancellationRequested; i++)
            {
                // One Idempotency-Key per observation, resent until it is answered: a write cut off by the kill is retried.
                var key = Guid.NewGuid().ToString();
                while (true)
                {
                    try
                    {
                        using var observer = _current.Client(observerKey);
                        using var response = await ObserveAsync(observer, commitments[(w + i) % commitments.Count], key);
                        answers.AddOrUpdate(response.StatusCode, 1, (_, n) => n + 1);
                        if (response.StatusCode == HttpStatusCode.Created)
                        {
                            acknowledged.Add((await response.Json()).GetProperty("id").GetGuid());
                            break;
                        }
                        // Recorded by a try whose answer the kill cut off: the retry is refused, not recorded again.
                        if (response.StatusCode == HttpStatusCode.Conflict) break;
                        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode); // a database blip, never a 500
                    }
                    catch (HttpRequestException) { /* the process is down: try again on the next one */ }
                    catch (TaskCanceledException) when (!writing.IsCancellationRequested) { }
                    await Task.Delay(100);
                }
            }
        })).ToArray();

        await UntilAsync(async () => { await Task.CompletedTask; return (acknowledged.Count >= 20, acknowledged.Count); },
            "writes acknowledged before the kill", Patience, _processes);
        var before = acknowledged.Count;
        await _current.KillAsync();
        var killedAt = Stopwatch.StartNew();
        await StartAsync("restarted process");
        var upAfter = killedAt.Elapsed;
        await UntilAsync(async () => { await Task.CompletedTask; return (acknowledged.Count >= before + 20, acknowledged.Count); },
            "writes acknowledged by the restarted process", Patience, _processes);
        writing.Cancel();
        await Task.WhenAll(writers);
        var restartedAt = Stopwatch.StartNew();

        var (stored, projected) = await UntilAsync(async () =>
        {
            var events = await ObservationIdsInEventsAsync(_connectionString);
            var tracked = await ObservationIdsInReadModelAsync(_connectionString);
            return (tracked.Count >= events.Count && await LogIsCompleteAsync(_connectionString), (events, tracked));
        }, "the read model and the log catching up with every event", Patience, _processes);
        output.WriteLine($"{before} writes acknowledged before the kill, {acknowledged.Count} in all; answers: " +
                         string.Join(", ", answers.Select(a => $"{(int)a.Key} × {a.Value}")));
        output.WriteLine($"healthy again {upAfter.TotalSeconds:F1} s after the kill; read model and log complete " +
                         $"{restartedAt.Elapsed.TotalSeconds:F1} s after the last write");

        Assert.True(before > 0, "no write was acknowledged before the kill");
        Assert.True(acknowledged.Count > before, "no write was acknowledged after the restart");
        Assert.Equal(stored.Count, stored.Distinct().Count()); // nothing stored twice, retries included
        Assert.Empty(acknowledged.Except(stored)); // nothing acknowledged is lost
        Assert.Equal(acknowledged.Order(), acknowledged.Distinct().Order());
        Assert.Equal(stored.Order(), projected.Order()); // the read model holds each stored observation once
        Assert.DoesNotContain(HttpStatusCode.InternalServerError, answers.Keys);

        // The read models the crash and the catch-up left are the ones a rebuild from the events gives.
        await _current.KillAsync();
        var caughtUp = await ReadModelsAsync();
        var (exit, rebuildOutput) = await ApiProcess.RunAsync(_connectionString, "projections", "rebuild");
        Assert.True(exit == 0, rebuildOutput);
        var rebuilt = await ReadModelsAsync();
        foreach (var (table, rows) in caughtUp)
            Assert.True(rows.SequenceEqual(rebuilt[table]), $"{table} differs from its rebuild: " +
                $"{rows.Except(rebuilt[table]).FirstOrDefault()} became {rebuilt[table].Except(rows).FirstOrDefault()}");
    }

    async Task<Dictionary<string, List<string>>> ReadModelsAsync()
    {
        var tables = new[] { "mt_doc_deal", "mt_doc_commitment", "mt_doc_observation", "mt_doc_trackedcommitment" };
        var models = new Dictionary<string, List<string>>();
        foreach (var table in tables)
            models[table] = await Sql.ColumnAsync<string>(_connectionString, $"SELECT id::text || ' ' || data::text FROM {table} ORDER BY id");
        return models;
    }
}
