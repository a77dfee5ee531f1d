using System.Net;
using System.Text.Json.Nodes;
using Json.Schema;

namespace Ledger.Api.Tests.Hosting;

/// <summary>One operation of the OpenAPI document: <c>GET /api/deals/{dealId}</c> and its declaration.</summary>
public sealed record DeclaredOperation(string Method, string Route, JsonObject Declaration)
{
    public override string ToString() => $"{Method} {Route}";

    public bool IsGet => Method == "GET";

    public string OperationId => (string)Declaration["operationId"]!;

    public IEnumerable<JsonObject> Parameters(string location) =>
        (Declaration["parameters"]?.AsArray() ?? []).OfType<JsonObject>().Where(p => (string)p["in"]! == location);

    public JsonObject? Response(int status) => Declaration["responses"]?[status.ToString()]?.AsObject();
}

/// <summary>
/// The OpenAPI document the app serves, read as a client generator reads it, and a JSON Schema (2020-12, what OpenAPI 3.1
/// schemas are) validator of live answers against the schemas it declares.
/// </summary>
public sealed class DeclaredContract
{
    readonly Uri _base = new($"https://ledger.test/openapi/{Guid.NewGuid():N}");
    readonly EvaluationOptions _options = new() { OutputFormat = OutputFormat.List };

    public JsonObject Document { get; }
    public IReadOnlyList<DeclaredOperation> Operations { get; }

    DeclaredContract(JsonObject document)
    {
        Document = document;
        Operations = [.. document["paths"]!.AsObject().SelectMany(path => path.Value!.AsObject()
            .Select(method => new DeclaredOperation(method.Key.ToUpperInvariant(), path.Key, method.Value!.AsObject())))];
        _options.SchemaRegistry.Register(_base, new JsonNodeBaseDocument(document, _base));
    }

    public static async Task<DeclaredContract> ReadAsync(LedgerApi api)
    {
        using var response = await api.Anonymous().GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return new DeclaredContract(JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject());
    }

    public DeclaredOperation Operation(string method, string route) =>
        Operations.Single(o => o.Method == method && o.Route == route);

    /// <summary>The schema at <paramref name="schema"/>, its references resolved within the document.</summary>
    public EvaluationResults Evaluate(JsonNode schema, JsonNode? instance)
    {
        var text = schema.ToJsonString().Replace("\"#/components/", $"\"{_base}#/components/", StringComparison.Ordinal);
        return JsonSchema.FromText(text).Evaluate(instance, _options);
    }

    /// <summary>
    /// Why a live answer breaks what <paramref name="operation"/> declares (an undeclared status or media type, a body its
    /// schema refuses), or null when it keeps to it.
    /// </summary>
    public async Task<string?> BreachAsync(DeclaredOperation operation, HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        var body = await response.Content.ReadAsStringAsync();
        if (operation.Response(status) is not { } declared) return $"{operation}: answered {status}, which it does not declare";
        var media = response.Content.Headers.ContentType?.MediaType;
        if (body.Length == 0) return null;
        if (media is null || declared["content"]?[media] is not { } content)
            return $"{operation}: answered {status} as {media ?? "no media type"}, which it does not declare";
        if (!media.Contains("json", StringComparison.Ordinal)) return null;
        var results = Evaluate(content["schema"]!, JsonNode.Parse(body));
        if (results.IsValid) return null;
        var errors = (results.Details ?? []).Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}")).Distinct().Take(8);
        return $"{operation} {status}: {string.Join("; ", errors)}\n  {body[..Math.Min(body.Length, 400)]}";
    }
}
