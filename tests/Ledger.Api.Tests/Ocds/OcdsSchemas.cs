using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using NJsonSchema;
using NJsonSchema.References;

namespace Ledger.Api.Tests.Ocds;

/// <summary>
/// The official OCDS 1.1.5 schemas (copies in <c>Schemas/</c>), read by NJsonSchema, which reads draft-04 as the
/// schemas are written (JsonSchema.Net starts at draft-06). References to the standard's site resolve to the copies.
/// </summary>
public static class OcdsSchemas
{
    const string Published = "https://standard.open-contracting.org/schema/1__1__5/";

    static string Folder => Path.Combine(AppContext.BaseDirectory, "Ocds", "Schemas");

    static readonly Lazy<Task<JsonSchema>> ReleasePackageSchema = new(() => Load("release-package-schema.json"));
    static readonly Lazy<Task<JsonSchema>> RecordPackageSchema = new(() => Load("record-package-schema.json"));

    public static async Task<IReadOnlyList<string>> ReleasePackageErrors(string json) =>
        Errors(await ReleasePackageSchema.Value, json);

    public static async Task<IReadOnlyList<string>> RecordPackageErrors(string json) =>
        Errors(await RecordPackageSchema.Value, json);

    static Task<JsonSchema> Load(string file) => JsonSchema.FromFileAsync(Path.Combine(Folder, file), Resolver);

    static JsonReferenceResolver Resolver(JsonSchema schema) =>
        new LocalCopies(new JsonSchemaAppender(schema, new DefaultTypeNameGenerator()));

    static IReadOnlyList<string> Errors(JsonSchema schema, string json)
    {
        // Dates stay strings, as JSON has them: Newtonsoft would otherwise turn them into DateTime tokens.
        using var reader = new JsonTextReader(new StringReader(json)) { DateParseHandling = DateParseHandling.None };
        return [.. schema.Validate(JToken.ReadFrom(reader)).Select(e => e.ToString())];
    }

    sealed class LocalCopies(JsonSchemaAppender appender) : JsonReferenceResolver(appender)
    {
        public override async Task<IJsonReference> ResolveUrlReferenceAsync(string url, CancellationToken cancellationToken) =>
            url.StartsWith(Published, StringComparison.Ordinal)
                ? await JsonSchema.FromFileAsync(Path.Combine(Folder, url[Published.Length..]), Resolver, cancellationToken)
                : throw new InvalidOperationException($"No local copy of {url}: validation uses no network.");
    }
}
