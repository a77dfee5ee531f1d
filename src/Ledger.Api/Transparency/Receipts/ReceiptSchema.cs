using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Ledger.Transparency.Receipts;

/// <summary>The OpenAPI schema of a receipt, which its hand-written JSON converter hides from the schema generator.</summary>
public static class ReceiptSchema
{
    public static OpenApiOptions DescribeReceipts(this OpenApiOptions options) => options.AddSchemaTransformer((schema, context, _) =>
    {
        if (context.JsonTypeInfo.Type != typeof(Receipt)) return Task.CompletedTask;
        schema.Type = JsonSchemaType.Object;
        schema.Description = "The sequence PostgreSQL gave the appended event: ask GET /api/ledger/proofs/inclusion?sequence= for its proof.";
        schema.Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["sequence"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int64" },
        };
        schema.Required = new HashSet<string> { "sequence" };
        return Task.CompletedTask;
    });
}
