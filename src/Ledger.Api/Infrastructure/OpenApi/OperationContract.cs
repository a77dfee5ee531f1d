using Ledger.Infrastructure.Http;
using Ledger.Infrastructure.Writing;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Wolverine.Http;

namespace Ledger.Infrastructure.OpenApi;

/// <summary>
/// Each operation as a client generator needs it, from the endpoint's own metadata: its capability tag and summary, who may
/// call it, the headers it reads, and every status it can answer — each refusal as <c>application/problem+json</c>.
/// </summary>
public static class OperationContract
{
    public const string BearerScheme = "apiKey";
    public const string ProblemSchema = "ProblemDetails";

    public static Task Apply(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        var description = context.Description;
        var metadata = description.ActionDescriptor.EndpointMetadata;
        var document = context.Document!;
        var get = HttpMethods.IsGet(description.HttpMethod ?? "");
        var keyed = metadata.OfType<IAuthorizeData>().Any();

        operation.Tags = new HashSet<OpenApiTagReference>(metadata.OfType<TagsAttribute>().TakeLast(1)
            .SelectMany(t => t.Tags).Select(tag => new OpenApiTagReference(tag, document)));
        operation.Summary = metadata.OfType<EndpointSummaryAttribute>().LastOrDefault()?.Summary;
        // Wolverine repeats its route name as the description: a placeholder, not a description.
        operation.Description = metadata.OfType<EndpointDescriptionAttribute>().LastOrDefault()?.Description;
        var bearer = new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, document)] = [] };
        // A public route reads a key when one is sent: it may show its caller more (their own pending observations).
        operation.Security = keyed ? [bearer] : [new OpenApiSecurityRequirement(), bearer];

        var takesInput = operation.Parameters is { Count: > 0 } || operation.RequestBody is not null
            || metadata.OfType<UploadsFileAttribute>().Any() || metadata.OfType<ImportsLinesAttribute>().Any();
        Parameters.Apply(operation, metadata, get);
        if (metadata.OfType<UploadsFileAttribute>().FirstOrDefault() is { } upload)
            operation.RequestBody = Upload(upload.Field);
        if (metadata.OfType<ImportsLinesAttribute>().Any()) operation.RequestBody = Lines(operation.OperationId);
        RequestExamples.Apply(operation);
        if (metadata.OfType<DeduplicatedWithResponseAttribute>().FirstOrDefault() is { } deduplicated)
            Parameters.IdempotencyKey(operation, deduplicated.Required);
        // A route that keeps its own idempotency record (group-committed observations) binds the header itself: required.
        else if (description.ParameterDescriptions.Any(p => p.Source == BindingSource.Header && p.Name == Writes.IdempotencyHeader))
            Parameters.IdempotencyKey(operation, required: true);

        var responses = operation.Responses ??= [];
        if (responses.ContainsKey("201")) responses.Remove("200");
        responses.Remove("422"); // Wolverine's default for a POST; the ledger answers every invalid field with 400
        if (get) responses.Remove("409");
        var explicitNotFound = metadata.OfType<ProducesResponseTypeAttribute>().Any(p => p.StatusCode == 404);
        var identified = description.ParameterDescriptions.Any(p => p.Source == BindingSource.Path);
        if (!identified && !explicitNotFound) responses.Remove("404");
        else Refusal(responses, 404, "No record has this id, or the caller may not know of it.");

        var path = "/" + (description.RelativePath ?? "");
        if (takesInput)
            Refusal(responses, 400, "A field, parameter or header is invalid: `errors` names each one.");
        Refusal(responses, 401, keyed
            ? "No API key was sent, or it is unknown or revoked."
            : "The API key sent is unknown or revoked (send none to read as the public).");
        if (keyed) Refusal(responses, 403, "The key's role or organization may not do this.");
        if (!get)
        {
            Refusal(responses, 409, "The request conflicts with the ledger's current state.");
            Refusal(responses, 413, "The body is larger than the route takes.");
            Refusal(responses, 415, "The body is not of the media type the route takes.");
        }
        // Load balancers poll /health: it has no rate limit.
        if (path != "/health")
            Refusal(responses, 429, "The caller's rate budget is spent: retry after `Retry-After` seconds.");
        if (!responses.ContainsKey("503"))
            Refusal(responses, 503,
                "The database is unreachable or the query ran past its time budget: retry after `Retry-After` seconds.");
        if (get) Caching.Declare(responses);

        foreach (var (status, response) in responses)
        {
            if (response is not OpenApiResponse declared) continue;
            // Every 4xx, and a 503 the route does not describe itself (as /health does), is a problem document.
            if (status.StartsWith('4') || (status == "503" && declared.Content is not { Count: > 0 }))
                declared.Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference(ProblemSchema, document) },
                };
            // A file, a CSV or a signed note is text or bytes, not the JSON type the route's C# signature names.
            foreach (var (media, content) in declared.Content ?? new Dictionary<string, OpenApiMediaType>())
                if (!media.Contains("json", StringComparison.Ordinal))
                    content.Schema = new OpenApiSchema
                    {
                        Type = JsonSchemaType.String,
                        Format = media.StartsWith("text/", StringComparison.Ordinal) ? null : "binary",
                    };
        }
        return Task.CompletedTask;
    }

    /// <summary>NDJSON: each line a write's JSON body with its <c>type</c>; the example is a short import.</summary>
    static OpenApiRequestBody Lines(string? operationId) => new()
    {
        Required = true,
        Content = new Dictionary<string, OpenApiMediaType>
        {
            [Importing.ImportEndpoint.MediaType] = new()
            {
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, Description = "One JSON write per line." },
                Example = operationId is null ? null : RequestExamples.ByOperation[operationId]?.DeepClone(),
            },
        },
    };

    static OpenApiRequestBody Upload(string field) => new()
    {
        Required = true,
        Content = new Dictionary<string, OpenApiMediaType>
        {
            ["multipart/form-data"] = new()
            {
                Example = new System.Text.Json.Nodes.JsonObject { [field] = "(the bytes of km-180.jpg)" },
                Schema = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Required = new HashSet<string> { field },
                    Properties = new Dictionary<string, IOpenApiSchema>
                    {
                        [field] = new OpenApiSchema
                        {
                            Type = JsonSchemaType.String, Format = "binary", Description = "A JPEG or PNG photo.",
                        },
                    },
                },
            },
        },
    };

    static void Refusal(OpenApiResponses responses, int status, string description)
    {
        var response = new OpenApiResponse { Description = description }; // its problem content is set with the others
        if (status is 429 or 503) response.Headers = new Dictionary<string, IOpenApiHeader>
        {
            ["Retry-After"] = new OpenApiHeader
            {
                Description = "Seconds to wait before retrying.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "1" },
            },
        };
        responses[status.ToString()] = response;
    }
}
