using System.Net.Sockets;
using JasperFx;
using Ledger.Infrastructure.Http;
using Ledger.Infrastructure.Postgres;
using Marten.Exceptions;
using Npgsql;

namespace Ledger.UnitTests.Infrastructure;

public class recognising_a_database_outage
{
    static PostgresException Server(string sqlState) => new("the server said so", "FATAL", "FATAL", sqlState);

    static Exception WrappedByMarten(Exception inner) => new MartenCommandException(new NpgsqlCommand("select 1"), inner);

    public static TheoryData<string, Exception> Outages => new()
    {
        { "connection refused", new NpgsqlException("Failed to connect", new SocketException(111)) },
        { "refused, wrapped by Marten", WrappedByMarten(new NpgsqlException("Failed to connect", new SocketException(111))) },
        { "administrator shutdown (57P01)", Server(PostgresErrorCodes.AdminShutdown) },
        { "starting up (57P03)", WrappedByMarten(Server(PostgresErrorCodes.CannotConnectNow)) },
        { "crash shutdown (57P02)", Server(PostgresErrorCodes.CrashShutdown) },
        { "too many connections (53300)", Server(PostgresErrorCodes.TooManyConnections) },
        { "connection failure (08006)", Server(PostgresErrorCodes.ConnectionFailure) },
        { "statement timeout (57014)", Server(PostgresErrorCodes.QueryCanceled) },
        { "a timeout", new TimeoutException() },
        { "a disposed transaction", new ObjectDisposedException("NpgsqlTransaction", Server(PostgresErrorCodes.AdminShutdown)) },
        { "a completed transaction", new InvalidOperationException("This NpgsqlTransaction has completed; it is no longer usable.") },
        { "inside an aggregate", new AggregateException(new InvalidOperationException("other"), new TimeoutException()) },
    };

    [Theory]
    [MemberData(nameof(Outages))]
    public void is_an_outage_answered_503(string _, Exception failure)
    {
        Assert.True(DatabaseOutage.Is(failure));
        Assert.Equal(503, ExceptionProblems.Describe(failure).Status);
    }

    public static TheoryData<string, Exception> OverBudget => new()
    {
        { "the command timeout, wrapped by Marten", WrappedByMarten(
            new NpgsqlException("Exception while reading from stream", new TimeoutException("Timeout during reading attempt"))) },
        { "statement timeout (57014)", Server(PostgresErrorCodes.QueryCanceled) },
    };

    [Theory]
    [MemberData(nameof(OverBudget))]
    public void a_read_past_its_time_budget_is_503_saying_so(string _, Exception failure)
    {
        Assert.True(DatabaseOutage.IsOverBudget(failure));
        var problem = ExceptionProblems.Describe(failure);
        Assert.Equal(503, problem.Status);
        Assert.Equal("The query took too long", problem.Title);
    }

    [Fact]
    public void a_timeout_while_connecting_is_an_outage_not_a_budget_overrun()
    {
        var connecting = new NpgsqlException("Failed to connect to 127.0.0.1:5432", new TimeoutException());
        Assert.False(DatabaseOutage.IsOverBudget(connecting));
        Assert.Equal("The ledger's database is unavailable", ExceptionProblems.Describe(connecting).Title);
    }

    public static TheoryData<string, Exception> Faults => new()
    {
        { "a syntax error", Server(PostgresErrorCodes.SyntaxError) },
        { "a missing table, wrapped by Marten", WrappedByMarten(Server(PostgresErrorCodes.UndefinedTable)) },
        { "an ordinary bug", new InvalidOperationException("Sequence contains no elements") },
        { "some other disposed object", new ObjectDisposedException("HttpClient") },
    };

    [Theory]
    [MemberData(nameof(Faults))]
    public void a_fault_of_the_ledger_is_not_an_outage(string _, Exception failure)
    {
        Assert.False(DatabaseOutage.Is(failure));
        Assert.Equal(500, ExceptionProblems.Describe(failure).Status);
    }

    [Fact]
    public void a_race_lost_on_a_unique_index_stays_a_409() =>
        Assert.Equal(409, ExceptionProblems.Describe(Server(PostgresErrorCodes.UniqueViolation)).Status);

    [Fact]
    public void the_cause_logged_is_the_innermost_sign_of_the_outage()
    {
        var refused = new SocketException(111);
        Assert.Same(refused, DatabaseOutage.CauseOf(WrappedByMarten(new NpgsqlException("Failed to connect", refused))));
    }

    [Fact]
    public void the_503_tells_a_writer_how_to_retry_safely()
    {
        var problem = ExceptionProblems.Describe(new TimeoutException());
        Assert.Contains("Idempotency-Key", problem.Detail);
        Assert.DoesNotContain("Nothing was recorded", problem.Detail); // a write cut off mid-commit may have been
    }
}
