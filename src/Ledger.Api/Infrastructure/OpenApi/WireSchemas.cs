using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Ledger.Infrastructure.OpenApi;

/// <summary>
/// The ledger's strict JSON converters (<see cref="Http.StrictJson"/>) hide strings, enums and dates from the schema
/// exporter, which then describes them as <c>{}</c>: this states what is on the wire — text, the enum's kebab-case names,
/// ISO dates — and whether null is allowed, as the property's nullable annotation says.
/// </summary>
public static class WireSchemas
{
    public static Task Apply(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken ct)
    {
        var declared = context.JsonTypeInfo.Type;
        var type = Nullable.GetUnderlyingType(declared) ?? declared;
        var nullable = declared != type || context.JsonPropertyInfo is { IsGetNullable: true } or { IsSetNullable: true };
        if (type == typeof(string)) Text(schema, nullable);
        else if (type == typeof(DateOnly)) Text(schema, nullable).Format = "date";
        else if (type.IsEnum)
        {
            Text(schema, nullable: false).Enum =
                [.. Enum.GetNames(type).Select(n => (JsonNode)JsonValue.Create(Names.Of(n)))];
        }
        return Task.CompletedTask;
    }

    static OpenApiSchema Text(OpenApiSchema schema, bool nullable)
    {
        schema.Type = nullable ? JsonSchemaType.String | JsonSchemaType.Null : JsonSchemaType.String;
        return schema;
    }
}
