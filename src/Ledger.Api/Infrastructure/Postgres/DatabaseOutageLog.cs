using System.Diagnostics;
using Marten;
using Npgsql;
using Weasel.Postgresql;

namespace Ledger.Infrastructure.Postgres;

/// <summary>
/// Logs an outage once, when the first request meets it, then checks every second until PostgreSQL answers again and
/// logs how long it lasted and how many requests were turned away: one line each way, however many requests fail.
/// The cause is logged as its type, SQLSTATE and message, never the connection string.
/// </summary>
public sealed class DatabaseOutageLog(LedgerDatabase database, IDocumentStore store, ILogger<DatabaseOutageLog> log)
    : IDisposable
{
    readonly Lock _gate = new();
    readonly CancellationTokenSource _stopping = new();
    Stopwatch? _down;
    long _refused;

    public bool Ongoing
    {
        get { lock (_gate) return _down is not null; }
    }

    /// <summary>
    /// <paramref name="http"/> is answered 503 with <c>Retry-After</c> because of <paramref name="failure"/>: a query past
    /// its time budget is a busy server, not a down one, and is logged as a warning each time; an outage is reported.
    /// </summary>
    public void Answering503(HttpContext http, Exception failure)
    {
        if (DatabaseOutage.IsOverBudget(failure))
            log.LogWarning("{Method} {Path} ran past its query time budget", http.Request.Method, http.Request.Path);
        else Report(failure);
        http.Response.Headers.RetryAfter = DatabaseOutage.RetryAfterSeconds.ToString();
    }

    /// <summary>A request was answered 503 because of <paramref name="failure"/>.</summary>
    public void Report(Exception failure)
    {
        lock (_gate)
        {
            _refused++;
            if (_down is not null) return;
            _down = Stopwatch.StartNew();
        }
        var cause = DatabaseOutage.CauseOf(failure);
        log.LogError("The database is unreachable ({Cause}{SqlState}: {Message}); answering 503 until it is back",
            cause.GetType().Name, cause is PostgresException p ? " " + p.SqlState : "", cause.Message);
        _ = WatchForRecoveryAsync(_stopping.Token);
    }

    async Task WatchForRecoveryAsync(CancellationToken ct)
    {
        var probe = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Pooling = false, Timeout = 3 };
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(1), ct);
                await using var connection = new NpgsqlConnection(probe.ConnectionString);
                await connection.OpenAsync(ct);
                await using var command = new NpgsqlCommand("SELECT 1", connection);
                await command.ExecuteScalarAsync(ct);
                break;
            }
            catch (Exception) when (!ct.IsCancellationRequested) { /* still down */ }
            catch (OperationCanceledException) { return; }
        }
        if (ct.IsCancellationRequested) return;
        // Connections pooled before the outage point at a server that is gone: drop them rather than fail on each.
        if (store.Storage.Database is PostgresqlDatabase marten) marten.DataSource.Clear();
        NpgsqlConnection.ClearAllPools();
        TimeSpan lasted;
        long refused;
        lock (_gate)
        {
            lasted = _down!.Elapsed;
            refused = _refused;
            (_down, _refused) = (null, 0);
        }
        log.LogWarning("The database is reachable again after {Seconds:0.0} s; {Refused} requests were answered 503",
            lasted.TotalSeconds, refused);
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _stopping.Dispose();
    }
}
