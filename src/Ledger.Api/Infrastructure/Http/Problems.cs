using Microsoft.AspNetCore.Mvc;

namespace Ledger.Infrastructure.Http;

/// <summary>The ProblemDetails answers that are not field validation.</summary>
public static class Problems
{
    public static ProblemDetails NotFound(string what, object id) => new()
    {
        Status = StatusCodes.Status404NotFound,
        Title = $"{what} not found",
        Detail = $"No {what.ToLowerInvariant()} has the id '{id}'.",
        Type = "https://tools.ietf.org/html/rfc9110#section-15.5.5",
    };

    /// <summary>No problem when <paramref name="found"/> is there, else the 404 naming what and which id.</summary>
    public static ProblemDetails Found(object? found, string what, object id) =>
        found is null ? NotFound(what, id) : Wolverine.Http.WolverineContinue.NoProblems;

    /// <summary>A retry of a write already recorded (its id derives from the request's Idempotency-Key).</summary>
    public static ProblemDetails AlreadyRecorded(string what) =>
        Conflict($"This {what} has already been recorded: it was sent before with the same Idempotency-Key.");

    /// <summary>An Idempotency-Key sent again with another request than the one it was first recorded for.</summary>
    public static ProblemDetails IdempotencyKeyReused() => new()
    {
        Status = StatusCodes.Status422UnprocessableEntity,
        Title = "This Idempotency-Key was used for another request",
        Detail = "A retry must resend the first request unchanged; send a new request with a new Idempotency-Key.",
        Type = "https://tools.ietf.org/html/rfc9110#section-15.5.21",
    };

    /// <summary>The caller is known, and may do this kind of thing, but not to this one.</summary>
    public static ProblemDetails Forbidden(string title, string detail) => new()
    {
        Status = StatusCodes.Status403Forbidden,
        Title = title,
        Detail = detail,
        Type = "https://tools.ietf.org/html/rfc9110#section-15.5.4",
    };

    /// <summary>
    /// PostgreSQL cannot be reached (<see cref="Postgres.DatabaseOutage"/>). A write cut off mid-commit may or may not have
    /// been recorded, so the answer says how to retry safely rather than that nothing was recorded.
    /// </summary>
    public static ProblemDetails DatabaseUnavailable() => new()
    {
        Status = StatusCodes.Status503ServiceUnavailable,
        Title = "The ledger's database is unavailable",
        Detail = $"Try again in {Postgres.DatabaseOutage.RetryAfterSeconds} seconds. A write retried with the same "
            + "Idempotency-Key is recorded once, however often it is sent.",
        Type = "https://tools.ietf.org/html/rfc9110#section-15.6.4",
    };

    /// <summary>A read ran past its time budget (<see cref="Postgres.QueryTimeBudget"/>): the server is busy, not down.</summary>
    public static ProblemDetails QueryTooLong() => new()
    {
        Status = StatusCodes.Status503ServiceUnavailable,
        Title = "The query took too long",
        Detail = $"The database did not answer within this request's time budget. Try again in "
            + $"{Postgres.DatabaseOutage.RetryAfterSeconds} seconds, or ask for a smaller page.",
        Type = "https://tools.ietf.org/html/rfc9110#section-15.6.4",
    };

    public static ProblemDetails Conflict(string detail, string? field = null)
    {
        var problem = new ProblemDetails
        {
            Status = StatusCodes.Status409Conflict,
            Title = "The request conflicts with the ledger's current state",
            Detail = detail,
            Type = "https://tools.ietf.org/html/rfc9110#section-15.5.10",
        };
        if (field is not null) problem.Extensions["field"] = field;
        return problem;
    }
}
