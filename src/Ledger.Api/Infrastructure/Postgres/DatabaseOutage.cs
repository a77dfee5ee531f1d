using System.Net.Sockets;
using Npgsql;

namespace Ledger.Infrastructure.Postgres;

/// <summary>
/// Whether a failure means PostgreSQL could not be reached or went away (refused, restarting, shut down, timed out, the
/// connection broken mid-transaction), however Marten or Wolverine wrapped it: an outage to answer with 503 and a
/// <c>Retry-After</c>, not a fault of the ledger to answer with 500.
/// </summary>
public static class DatabaseOutage
{
    /// <summary>What every 503 tells a client to wait: PostgreSQL restarts in well under this.</summary>
    public const int RetryAfterSeconds = 5;

    public static bool Is(Exception exception) => Chain(exception).Any(IsCause);

    /// <summary>
    /// Whether the database was there but a command ran past its time budget (<see cref="QueryTimeBudget"/>: Npgsql's
    /// command timeout fired while it waited for the answer) or the server cancelled it (<c>57014</c>, e.g. a
    /// <c>statement_timeout</c>): still a 503 with <c>Retry-After</c> (the server is busy), but no outage to log.
    /// </summary>
    public static bool IsOverBudget(Exception exception) => Chain(exception).Any(e => e switch
    {
        PostgresException p => p.SqlState == PostgresErrorCodes.QueryCanceled,
        // Npgsql's wording for a timeout once the command was sent, as against one while connecting or waiting for the pool.
        NpgsqlException { InnerException: TimeoutException } n => n.Message.StartsWith("Exception while reading", StringComparison.Ordinal),
        _ => false,
    });

    /// <summary>The innermost failure that shows the outage, for the log line: the wrappers name only a failed command.</summary>
    public static Exception CauseOf(Exception exception) => Chain(exception).LastOrDefault(IsCause) ?? exception;

    static bool IsCause(Exception e) => e switch
    {
        // The server answered: an outage only when it said it is going away, not ready, or out of resources.
        PostgresException p => p.SqlState.StartsWith("08", StringComparison.Ordinal)
            || p.SqlState.StartsWith("57P", StringComparison.Ordinal)
            || p.SqlState.StartsWith("53", StringComparison.Ordinal)
            || p.SqlState == PostgresErrorCodes.QueryCanceled,
        // No answer at all: refused, reset, timed out, the pool exhausted.
        NpgsqlException => true,
        TimeoutException or SocketException => true,
        // A transaction or connection Npgsql closed under the code using it, because the connection broke.
        ObjectDisposedException d => d.ObjectName?.Contains("Npgsql", StringComparison.Ordinal) == true,
        InvalidOperationException i => i.Message.Contains("NpgsqlTransaction has completed", StringComparison.Ordinal)
            || i.Message.Contains("Connection is not open", StringComparison.Ordinal),
        _ => false,
    };

    static IEnumerable<Exception> Chain(Exception exception)
    {
        var pending = new Stack<Exception>([exception]);
        while (pending.TryPop(out var e))
        {
            yield return e;
            if (e is AggregateException aggregate)
                foreach (var inner in aggregate.InnerExceptions.Reverse()) pending.Push(inner);
            else if (e.InnerException is { } inner) pending.Push(inner);
        }
    }
}
