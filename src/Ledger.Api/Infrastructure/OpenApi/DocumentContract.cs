using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Ledger.Infrastructure.OpenApi;

/// <summary>The document as a whole: what the API is, how callers authenticate, its capabilities, its problem shape.</summary>
public static class DocumentContract
{
    public static async Task Apply(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken ct)
    {
        document.Info = new OpenApiInfo
        {
            Title = "Ledger API",
            Version = "1",
            Description = "An event-sourced transparency ledger of deal commitments: what was promised, what was claimed "
                + "and what independent observers verified, each with its sources. Reads are public; writes take an API "
                + "key issued to an organization, sent as `Authorization: Bearer <key>`. Every refusal is "
                + "`application/problem+json`; every GET answers an `ETag` and honours `If-None-Match`.",
        };
        // Relative: the document is right on whichever host and path it is served from (and has no trailing slash).
        document.Servers = [new OpenApiServer { Url = "/", Description = "This server" }];
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>
        {
            [OperationContract.BearerScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "ldg_<id>_<secret>",
                Description = "An organization's API key, issued by an admin (POST /api/organizations/{orgId}/keys).",
            },
        };
        document.Tags = new HashSet<OpenApiTag>(
            Capability.All.Select(c => new OpenApiTag { Name = c.Name, Description = c.Description }));
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        document.Components.Schemas[OperationContract.ProblemSchema] = Problem();
        await DropUnusedSchemasAsync(document, ct);
    }

    /// <summary>The C# types a route's signature named before its contract replaced them (IResult, file results).</summary>
    static async Task DropUnusedSchemasAsync(OpenApiDocument document, CancellationToken ct)
    {
        var schemas = document.Components!.Schemas!;
        while (true)
        {
            var json = await document.SerializeAsJsonAsync(OpenApiSpecVersion.OpenApi3_1, ct);
            var unused = schemas.Keys
                .Where(name => !json.Contains($"\"#/components/schemas/{name}\"", StringComparison.Ordinal)).ToList();
            if (unused.Count == 0) return;
            foreach (var name in unused) schemas.Remove(name);
        }
    }

    /// <summary>RFC 9457 problem details as this API writes them: <c>errors</c> on a 400, <c>traceId</c> on every one.</summary>
    static OpenApiSchema Problem() => new()
    {
        Type = JsonSchemaType.Object,
        Description = "A refusal (RFC 9457). A 400 names each invalid field in `errors`, by its JSON path.",
        Required = new HashSet<string> { "type", "title", "status" },
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["type"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "A URI naming the kind of problem." },
            ["title"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "400", Maximum = "599" },
            ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["instance"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["errors"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Description = "Each invalid field, by JSON path (`sources[0].url`), with what is wrong with it.",
                AdditionalProperties = new OpenApiSchema
                {
                    Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String },
                },
            },
            ["traceId"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "Quote it when reporting a problem." },
        },
        Examples =
        [
            new JsonObject
            {
                ["type"] = "https://tools.ietf.org/html/rfc9110#section-15.5.1",
                ["title"] = "The request has invalid fields",
                ["detail"] = "sources[0].url: must be an absolute http or https URL",
                ["status"] = 400,
                ["errors"] = new JsonObject { ["sources[0].url"] = new JsonArray("must be an absolute http or https URL") },
                ["traceId"] = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            },
        ],
    };
}
