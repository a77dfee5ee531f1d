using System.Text.Json.Nodes;

namespace Ledger.OpenData.Ocds;

/// <summary>
/// Who publishes the ledger's OCDS data and under which ocid prefix (<c>Ledger:Ocds:OcidPrefix</c>, register one with
/// the Open Contracting Partnership for real publication; <c>Ledger:Ocds:Publisher</c>), and the packages it wraps
/// releases and records in.
/// </summary>
public sealed class OcdsPublication(IConfiguration configuration)
{
    public const string Version = "1.1";
    public const string ExtensionRoute = "/api/ocds/extension.json";

    public string OcidPrefix { get; } = configuration.GetValue<string>("Ledger:Ocds:OcidPrefix") is { Length: > 0 } prefix
        ? prefix.Trim() : "ocds-ledger";

    public string Publisher { get; } = configuration.GetValue<string>("Ledger:Ocds:Publisher") is { Length: > 0 } name
        ? name.Trim() : "Ledger";

    public string Ocid(Guid dealId) => DealReleases.Ocid(OcidPrefix, dealId);

    /// <summary>The package's own address, and its extension's, both absolute as the schema wants URIs.</summary>
    public static (string Uri, string Extension) Addresses(HttpRequest request) =>
        ($"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}{request.QueryString}",
            $"{request.Scheme}://{request.Host}{request.PathBase}{ExtensionRoute}");

    /// <param name="now">The date of a package without releases (an empty page).</param>
    public JsonObject ReleasePackage(HttpRequest request, IReadOnlyList<JsonObject> releases, DateTimeOffset now) =>
        Package(request, releases, "releases", new JsonArray([.. releases]), now);

    /// <summary>One record per deal: its releases embedded, compiled and versioned by the OCDS merge rules.</summary>
    public JsonObject RecordPackage(HttpRequest request, IReadOnlyList<JsonObject> releases) =>
        Package(request, releases, "records", new JsonArray(new JsonObject
        {
            ["ocid"] = releases[^1]["ocid"]!.DeepClone(),
            ["releases"] = new JsonArray([.. releases.Select(r => r.DeepClone())]),
            ["compiledRelease"] = OcdsMerge.Compile(releases),
            ["versionedRelease"] = OcdsMerge.Version(releases),
        }), DateTimeOffset.UnixEpoch);

    JsonObject Package(
        HttpRequest request, IReadOnlyList<JsonObject> releases, string name, JsonArray content, DateTimeOffset now)
    {
        var (uri, extension) = Addresses(request);
        return new JsonObject
        {
            ["uri"] = uri, ["version"] = Version, ["extensions"] = new JsonArray(extension),
            // Built on demand: dated by the latest change it holds, as the standard asks.
            ["publishedDate"] = releases.Count > 0 ? releases.Max(r => r["date"]!.GetValue<string>()) : DealReleases.Date(now),
            ["publisher"] = new JsonObject { ["name"] = Publisher },
            [name] = content,
        }.Compact();
    }
}
