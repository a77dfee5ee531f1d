namespace Ledger.LocalPostgres;

/// <summary>No PostgreSQL to use: the message says what to do about it.</summary>
public sealed class PostgresUnavailableException(string message) : Exception(message)
{
    /// <summary>No server binaries here; <paramref name="reason"/> comes first when there is more to say.</summary>
    public static PostgresUnavailableException NoBinaries(string? reason = null) => new(
        (reason is null ? "" : reason + " ") +
        "Ledger needs PostgreSQL and found none. Fix it one of three ways: " +
        "(1) set a connection string in ConnectionStrings__Ledger " +
        "(e.g. Host=localhost;Database=ledger;Username=...;Password=...); " +
        "(2) run `docker compose up` to start PostgreSQL and the API in containers; " +
        "(3) install PostgreSQL's server, so that initdb and pg_ctl are on PATH or under /usr/lib/postgresql/*/bin: " +
        $"`{PostgresBinaries.Package.ManualInstall}` (Ledger runs it itself as root or with a password-less sudo).");

    /// <summary>
    /// This failure inside <paramref name="e"/>: start-up wraps it in the DI container's or the host's exceptions.
    /// </summary>
    public static PostgresUnavailableException? FoundIn(Exception? e) => e switch
    {
        null => null,
        PostgresUnavailableException missing => missing,
        AggregateException all => all.InnerExceptions.Select(FoundIn).FirstOrDefault(m => m is not null),
        _ => FoundIn(e.InnerException),
    };
}
