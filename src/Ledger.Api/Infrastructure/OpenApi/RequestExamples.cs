using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace Ledger.Infrastructure.OpenApi;

/// <summary>
/// A valid body for each JSON write, by operation id (<c>request-examples.json</c>): what a reader copies to try the
/// route. The tests check each against its schema, and send one.
/// </summary>
public static class RequestExamples
{
    public static readonly JsonObject ByOperation = Read();

    static JsonObject Read()
    {
        using var stream = typeof(RequestExamples).Assembly.GetManifestResourceStream("Ledger.OpenApi.request-examples.json")
            ?? throw new InvalidOperationException("The embedded request examples are missing.");
        return JsonNode.Parse(stream)!.AsObject();
    }

    public static void Apply(OpenApiOperation operation)
    {
        if (operation.OperationId is { } id && ByOperation[id] is { } example
            && operation.RequestBody?.Content?.TryGetValue("application/json", out var json) == true)
            json.Example = example.DeepClone();
    }
}
