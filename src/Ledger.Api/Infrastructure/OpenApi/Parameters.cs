using System.Text.Json.Nodes;
using Ledger.Infrastructure.Http;
using Ledger.Infrastructure.Writing;
using Microsoft.OpenApi;

namespace Ledger.Infrastructure.OpenApi;

/// <summary>
/// What a query parameter or header takes. Many routes read their query as text, to name every bad value in one 400
/// (see <c>GapsParameters</c>): the document states the type the text must hold, its range and its values.
/// </summary>
static class Parameters
{
    /// <summary>Parameters that mean the same on every route that takes them.</summary>
    static readonly Dictionary<string, Func<OpenApiSchema>> WellKnown = new()
    {
        ["page"] = () => new() { Type = JsonSchemaType.Integer, Minimum = "1", Maximum = $"{int.MaxValue}", Default = 1 },
        ["asOf"] = () => new() { Type = JsonSchemaType.String, Format = "date" },
        ["knownAt"] = () => new() { Type = JsonSchemaType.String, Format = "date-time" },
        ["dealId"] = () => new() { Type = JsonSchemaType.String, Format = "uuid" },
        ["organizationId"] = () => new() { Type = JsonSchemaType.String, Format = "uuid" },
        ["overdue"] = () => new() { Type = JsonSchemaType.Boolean },
        // Not an enum: curators register units (POST /api/units), so the list is GET /api/units, not the document.
        ["unit"] = () => new() { Type = JsonSchemaType.String, Pattern = "^[A-Za-z][A-Za-z0-9-]{0,39}$", MaxLength = 40 },
    };

    static readonly Dictionary<string, string> Descriptions = new()
    {
        ["asOf"] = "The day of the world to answer for (revisions effective, deadlines passed by then). Default: today.",
        ["knownAt"] = "Answer with only what the ledger had recorded by this instant. Default: all it knows now.",
        ["page"] = "The page to answer, from 1.",
        ["pageSize"] = "How many items a page holds.",
        ["unit"] = "A unit code, as GET /api/units lists them (built-in and registered).",
    };

    /// <summary>An example of each parameter a client fills in, by name, whatever the route.</summary>
    static readonly Dictionary<string, JsonNode> Examples = new()
    {
        ["dealId"] = "0193b2a4-5b0d-7c1e-8f2a-3b4c5d6e7f80", ["commitmentId"] = "0193b2a4-7a41-7e55-b0c1-d2e3f4a5b6c7",
        ["observationId"] = "0193b2a5-0c3d-7a8b-9c0d-1e2f3a4b5c6d", ["orgId"] = "0193b2a4-6c1e-7d2f-9a3b-4c5d6e7f8a9b",
        ["organizationId"] = "0193b2a4-6c1e-7d2f-9a3b-4c5d6e7f8a9b", ["keyId"] = "0193b2a4-6d20-7e31-8f42-5a6b7c8d9e0f",
        ["subscriptionId"] = "0193b2a6-1a2b-7c3d-8e4f-5a6b7c8d9e0f",
        ["name"] = "Sino-Congolaise des Mines", ["index"] = 0, ["sequence"] = 42, ["treeSize"] = 128, ["from"] = 64,
        ["to"] = 128, ["start"] = 0, ["count"] = 100, ["page"] = 1, ["pageSize"] = 50, ["asOf"] = "2026-06-30",
        ["knownAt"] = "2026-07-01T00:00:00Z", ["party"] = "Sino-Congolaise des Mines", ["unit"] = "km",
        ["sha256"] = "9f2c1e0d8b7a6f5e4d3c2b1a09f8e7d6c5b4a3928170f6e5d4c3b2a1908f7e6d",
    };

    public static void Apply(OpenApiOperation operation, IEnumerable<object> metadata, bool get)
    {
        var numbers = metadata.OfType<WholeNumberAttribute>().ToDictionary(n => n.Name);
        var values = metadata.OfType<QueryValuesAttribute>().ToDictionary(v => v.Name);
        foreach (var parameter in (operation.Parameters ?? []).OfType<OpenApiParameter>())
        {
            if (parameter.In is not (ParameterLocation.Path or ParameterLocation.Query)) continue;
            var name = parameter.Name!;
            if (numbers.TryGetValue(name, out var number))
            {
                parameter.Schema = new OpenApiSchema
                {
                    Type = JsonSchemaType.Integer, Minimum = $"{number.Min}", Maximum = $"{number.Max}",
                    Default = number.Default == long.MinValue ? null : number.Default,
                };
                parameter.Required |= number.Required;
            }
            else if (parameter.In == ParameterLocation.Path) parameter.Schema = PathSchema(parameter);
            else if (values.TryGetValue(name, out var allowed)) parameter.Schema = Values(allowed.Values);
            else if (WellKnown.TryGetValue(name, out var schema)) parameter.Schema = schema();
            else if (parameter.Schema is OpenApiSchema { Type: null, OneOf: null, AllOf: null } untyped)
                untyped.Type = JsonSchemaType.String;
            parameter.Description ??= Descriptions.GetValueOrDefault(name);
            if (Examples.TryGetValue(name, out var example)) parameter.Example = example.DeepClone();
        }
        if (get) Caching.IfNoneMatch(operation);
    }

    /// <summary>A path segment is never empty and never nullable, whatever the route's C# parameter type.</summary>
    static IOpenApiSchema? PathSchema(OpenApiParameter parameter) => parameter.Schema switch
    {
        OpenApiSchema { Type: null } untyped => new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1 },
        OpenApiSchema typed when typed.Type is { } type && type.HasFlag(JsonSchemaType.Null) =>
            new OpenApiSchema { Type = type & ~JsonSchemaType.Null, Format = typed.Format },
        var schema => schema,
    };

    static OpenApiSchema Values(IEnumerable<string> values) =>
        new() { Type = JsonSchemaType.String, Enum = [.. values.Select(v => (JsonNode)JsonValue.Create(v))] };

    /// <summary>The header that makes a retried write safe (see <see cref="Writes.NewId"/>).</summary>
    public static void IdempotencyKey(OpenApiOperation operation, bool required)
    {
        operation.Parameters ??= [];
        var existing = operation.Parameters.OfType<OpenApiParameter>().FirstOrDefault(p => p.Name == Writes.IdempotencyHeader);
        if (existing is not null) operation.Parameters.Remove(existing);
        operation.Parameters.Add(new OpenApiParameter
        {
            Name = Writes.IdempotencyHeader,
            In = ParameterLocation.Header,
            Required = required,
            Description = "Any unique value per write (a UUID): a retry with the same key and body gets the first answer "
                + "back and records nothing new." + (required ? "" : " Optional here, and recommended."),
            Schema = new OpenApiSchema
            {
                Type = JsonSchemaType.String, MinLength = 1, MaxLength = RequestBoundary.MaxIdempotencyKeyLength,
                Pattern = "^[!-~]+$",
            },
            Example = "0b1e9a52-2f0c-4c55-9d0e-8a6e1f3c7b21",
        });
    }
}
