using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Ledger.Infrastructure.OpenApi;

/// <summary>
/// The ledger's strict JSON converters (<see cref="Http.StrictJson"/>) hide strings, enums and dates from the schema
/// exporter, which then describes them as <c>{}</c>: this states what is on the wire — text, the enum's kebab-case names,
/// ISO dates — and whether null is allowed, as the property's nullable annotation says; only the fields that cannot be
/// null are required.
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
        else if (context.JsonTypeInfo.Kind == JsonTypeInfoKind.Object && schema.Required is { } required)
            OnlyNonNullableRequired(context.JsonTypeInfo, required);
        return Task.CompletedTask;
    }

    /// <summary>
    /// A record's constructor parameters all count as required to the exporter. A nullable one is not: a request may
    /// leave it out (its Parse says which are needed), and an answer may hold null there.
    /// </summary>
    static void OnlyNonNullableRequired(JsonTypeInfo type, ISet<string> required)
    {
        foreach (var property in type.Properties)
            if (property.IsGetNullable || property.IsSetNullable || Nullable.GetUnderlyingType(property.PropertyType) is not null)
                required.Remove(property.Name);
    }

    static OpenApiSchema Text(OpenApiSchema schema, bool nullable)
    {
        schema.Type = nullable ? JsonSchemaType.String | JsonSchemaType.Null : JsonSchemaType.String;
        return schema;
    }
}
