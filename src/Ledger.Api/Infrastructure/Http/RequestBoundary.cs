using Ledger.Infrastructure.Validation;
using Ledger.Infrastructure.Writing;
using Ledger.Observations.AttachingEvidence;
using Microsoft.AspNetCore.Mvc;

namespace Ledger.Infrastructure.Http;

/// <summary>
/// What every request must be before any endpoint reads it: headers of a bounded size, a write's body declared as JSON,
/// an Idempotency-Key short and printable, query values and path segments that hold storable text, and no path id
/// that is the all-zero GUID (no record ever has it: 404, as for any unknown id).
/// </summary>
public static class RequestBoundary
{
    /// <summary>Kestrel's default total; the limit is also applied here so that hosts without Kestrel keep it.</summary>
    public const int MaxHeaderBytes = 32 * 1024;
    public const int MaxHeaderCount = 100;
    public const int MaxIdempotencyKeyLength = 200;

    public static IApplicationBuilder UseRequestBoundary(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        StrictJson.BeginRequest();
        if (Refusal(http) is { } problem)
        {
            http.Response.StatusCode = problem.Status!.Value;
            await Results.Problem(problem).ExecuteAsync(http);
            return;
        }
        await next(http);
    });

    static ProblemDetails? Refusal(HttpContext http)
    {
        var request = http.Request;
        var headerBytes = request.Headers.Sum(h => h.Key.Length + h.Value.Sum(v => (v?.Length ?? 0) + 4));
        if (headerBytes > MaxHeaderBytes || request.Headers.Count > MaxHeaderCount)
            return new()
            {
                Status = StatusCodes.Status431RequestHeaderFieldsTooLarge, Title = "The request headers are too large",
                Detail = $"Headers may total at most {MaxHeaderBytes} bytes in at most {MaxHeaderCount} fields.",
            };
        var write = HttpMethods.IsPost(request.Method) && request.Path.StartsWithSegments("/api");
        // The upload asks for its form itself, after the caller's key is checked.
        var upload = request.Path.Equals(StoreEvidenceEndpoint.Route, StringComparison.OrdinalIgnoreCase);
        // An import takes NDJSON; a JSON body is one line of it.
        var import = request.Path.Equals(Importing.ImportEndpoint.Route, StringComparison.OrdinalIgnoreCase);
        if (write && import && !IsJson(request.ContentType) && !IsNdjson(request.ContentType))
            return new()
            {
                Status = StatusCodes.Status415UnsupportedMediaType, Title = "The request body must be NDJSON",
                Detail = $"Send one JSON write per line with 'Content-Type: {Importing.ImportEndpoint.MediaType}'.",
            };
        if (write && !upload && !import && !IsJson(request.ContentType))
            return new()
            {
                Status = StatusCodes.Status415UnsupportedMediaType, Title = "The request body must be JSON",
                Detail = "Send the body with 'Content-Type: application/json'.",
            };

        var errors = new FieldErrors();
        if (request.Headers[Writes.IdempotencyHeader] is { Count: > 0 } keys)
        {
            var key = keys.ToString();
            if (keys.Count > 1 || key.Length is 0 or > MaxIdempotencyKeyLength || !key.All(c => c is > ' ' and < '\x7f'))
                errors.Add(Writes.IdempotencyHeader,
                    $"must be one value of 1 to {MaxIdempotencyKeyLength} printable ASCII characters, without spaces");
        }
        foreach (var (name, values) in request.Query)
            if (values.Any(v => v is not null && !StorableText.IsStorable(v))) errors.Add(name, StorableText.Rule);
        foreach (var (name, value) in request.RouteValues)
            if (value is string text && !StorableText.IsStorable(text)) errors.Add(name, StorableText.Rule);
        if (errors.Any) return errors.ToProblem();

        foreach (var (name, value) in request.RouteValues)
            if (value is string text && Guid.TryParse(text, out var id) && id == Guid.Empty)
                return Problems.NotFound(RecordNamed(name), text);
        return null;
    }

    static bool IsJson(string? contentType) =>
        Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var media)
        && (media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || media.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase));

    static bool IsNdjson(string? contentType) =>
        Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var media)
        && media.MediaType.Equals(Importing.ImportEndpoint.MediaType, StringComparison.OrdinalIgnoreCase);

    /// <summary>"dealId" → "Deal", as the routes' own 404s name what they did not find.</summary>
    static string RecordNamed(string routeValue) => routeValue switch
    {
        "orgId" => "Organization",
        _ when routeValue.EndsWith("Id", StringComparison.Ordinal) && routeValue.Length > 2 =>
            char.ToUpperInvariant(routeValue[0]) + routeValue[1..^2],
        _ => "Record",
    };
}
