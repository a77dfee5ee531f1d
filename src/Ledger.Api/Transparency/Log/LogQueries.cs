using System.Globalization;
using Ledger.Infrastructure.Validation;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Ledger.Transparency.Log;

/// <summary>
/// Reading the numbers the log's routes take. They arrive as text and are parsed here, so that "abc" or -1 gets the same
/// 400 naming the parameter as any other invalid field, and a number beyond the log a 404 that says how far the log goes.
/// </summary>
public static class LogQueries
{
    /// <summary>The largest index, size or sequence a route takes: 2^53 − 1, what every JSON client reads exactly.</summary>
    public const long MaxNumber = (1L << 53) - 1;

    public static long? Number(this FieldErrors errors, string name, string? raw, long min, bool required = false)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            if (required) errors.Add(name, "is required");
            return null;
        }
        if (!long.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            || value < min || value > MaxNumber)
        {
            errors.Add(name, $"must be a whole number from {min} to {MaxNumber}");
            return null;
        }
        return value;
    }

    public static ProblemDetails BeyondTheLog(string detail) => new()
    {
        Status = StatusCodes.Status404NotFound,
        Title = "Not in the log",
        Detail = detail,
        Type = "https://tools.ietf.org/html/rfc9110#section-15.5.5",
    };

    public static ProblemDetails Invalid(string field, string message) => new FieldErrors().Add(field, message).ToProblem();

    /// <summary>The default tree size of a proof: the latest signed checkpoint's, so that its root is one a verifier can check.</summary>
    public static async Task<long> DefaultTreeSizeAsync(LogStore log, CancellationToken ct) =>
        (await log.LatestCheckpointAsync(ct))?.TreeSize ?? await log.SizeAsync(ct);

    public static ProblemDetails Continue => WolverineContinue.NoProblems;
}
