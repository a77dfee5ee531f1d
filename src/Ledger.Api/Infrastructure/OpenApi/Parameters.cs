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
        ["unit"] = () => Values(Measuring.Units.All.Select(u => u.Code)),
    };

    static readonly Dictionary<string, string> Descriptions = new()
    {
        ["asOf"] = "The day of the world to answer for (revisions effective, deadlines passed by then). Default: today.",
        ["knownAt"] = "Answer with only what the ledger had recorded by this instant. Default: all it knows now.",
        ["page"] = "The page to answer, from 1.",
        ["pageSize"] = "How many items a page holds.",
    };

    public static void Apply(OpenApiOperation operation, IEnumerable<object> metadata, bool get)
    {
        var numbers = metadata.OfType<QueryNumberAttribute>().ToDictionary(n => n.Name);
        var values = metadata.OfType<QueryValuesAttribute>().ToDictionary(v => v.Name);
        foreach (var parameter in (operation.Parameters ?? []).OfType<OpenApiParameter>())
        {
            if (parameter.In == ParameterLocation.Path) parameter.Schema = PathSchema(parameter);
            if (parameter.In != ParameterLocation.Query) continue;
            if (numbers.TryGetValue(parameter.Name!, out var number))
            {
                parameter.Schema = new OpenApiSchema
                {
                    Type = JsonSchemaType.Integer, Minimum = $"{number.Min}", Maximum = $"{number.Max}",
                    Default = number.Default == long.MinValue ? null : number.Default,
                };
                parameter.Required = number.Required;
            }
            else if (values.TryGetValue(parameter.Name!, out var allowed)) parameter.Schema = Values(allowed.Values);
            else if (WellKnown.TryGetValue(parameter.Name!, out var schema)) parameter.Schema = schema();
            else if (parameter.Schema is OpenApiSchema { Type: null, OneOf: null, AllOf: null } untyped)
                untyped.Type = JsonSchemaType.String;
            parameter.Description ??= Descriptions.GetValueOrDefault(parameter.Name!);
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
