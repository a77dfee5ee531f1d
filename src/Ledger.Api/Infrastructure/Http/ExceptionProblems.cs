using System.Text.Json;
using JasperFx;
using Ledger.Infrastructure.Postgres;
using Marten.Exceptions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace Ledger.Infrastructure.Http;

/// <summary>
/// Turns what escapes an endpoint into RFC 9457 problem details: a client's mistake gets its 4xx, a lost race 409,
/// an unreachable database 503, and anything else a 500 that names no internals.
/// </summary>
public sealed class ExceptionProblems(IProblemDetailsService problems, DatabaseOutageLog outages, ILogger<ExceptionProblems> log)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        var problem = Describe(exception);
        if (problem.Status == StatusCodes.Status503ServiceUnavailable) outages.Answering503(http, exception);
        else if (problem.Status >= 500)
            log.LogError(exception, "Unhandled failure on {Method} {Path}", http.Request.Method, http.Request.Path);
        http.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = exception });
    }

    public static ProblemDetails Describe(Exception exception) => Unwrap(exception) switch
    {
        var e when DatabaseOutage.IsOverBudget(e) => Problems.QueryTooLong(),
        var e when DatabaseOutage.Is(e) => Problems.DatabaseUnavailable(),
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } e =>
            new() { Status = 413, Title = "The request body is too large", Detail = e.Message },
        BadHttpRequestException { InnerException: JsonException json } => MalformedJson(json),
        BadHttpRequestException e => new() { Status = e.StatusCode, Title = "The request could not be read", Detail = e.Message },
        JsonException json => MalformedJson(json),
        ExistingStreamIdCollisionException => Problems.Conflict("Something with this id has already been recorded."),
        ConcurrencyException => Problems.Conflict(
            "Someone else changed this record first. Fetch it again and retry with its current version as expectedVersion."),
        PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } => Problems.Conflict("Something with this identity has already been recorded."),
        _ => new() { Status = 500, Title = "An unexpected error occurred", Detail = "Nothing was recorded. The failure has been logged." },
    };

    /// <summary>
    /// Whether a write failed because another one changed the same record first (a double submit, a race): what a page
    /// or the seed loader answers with a message, where a route answers 409 (<see cref="Describe"/>).
    /// </summary>
    public static bool LostRace(Exception e) => e is ConcurrencyException
        or Marten.Exceptions.ExistingStreamIdCollisionException or JasperFx.Events.ExistingStreamIdCollisionException
        or PostgresException { SqlState: PostgresErrorCodes.UniqueViolation }
        || (e.InnerException is { } inner && LostRace(inner));

    static Exception Unwrap(Exception e) => e is AggregateException { InnerExceptions.Count: 1 } a ? Unwrap(a.InnerException!) : e;

    static ProblemDetails MalformedJson(JsonException json)
    {
        var field = string.IsNullOrEmpty(json.Path) || json.Path == "$" ? "$" : json.Path.TrimStart('$', '.');
        return new ValidationProblemDetails(new Dictionary<string, string[]> { [field] = ["is not valid JSON for this field"] })
        {
            Status = 400,
            Title = "The request body is not valid JSON for this route",
            Detail = $"Malformed or mistyped JSON at '{field}'" + (json.LineNumber is { } line ? $" (line {line + 1})." : "."),
        };
    }
}
