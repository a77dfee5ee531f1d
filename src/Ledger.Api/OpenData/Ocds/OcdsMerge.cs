using System.Text.Json.Nodes;

namespace Ledger.OpenData.Ocds;

/// <summary>
/// OCDS 1.1 merging (standard.open-contracting.org/1.1/en/schema/merging): releases of one ocid, oldest first, compiled
/// into the current state, or versioned into every value each field took and the release it came from.
/// </summary>
public static class OcdsMerge
{
    /// <summary>Release metadata: dropped from a compiled release, carried by each value of a versioned one.</summary>
    static readonly HashSet<string> OmitWhenMerged = ["id", "date", "tag"];

    /// <summary>The core schema's arrays of objects marked <c>wholeListMerge</c>: replaced whole, never merged by id.</summary>
    public static readonly IReadOnlySet<string> WholeListMerge = new HashSet<string>
    {
        "additionalIdentifiers", "additionalClassifications",
    };

    /// <summary>
    /// Objects the release schema leaves open (no properties of their own): merged as one value, as the versioned-release
    /// schema versions them.
    /// </summary>
    public static readonly IReadOnlySet<string> OpenObjects = new HashSet<string> { "details" };

    /// <summary>
    /// The compiled release: the latest value of every field, arrays of objects merged by <c>id</c>, a null removing a
    /// field; <c>tag</c> <c>["compiled"]</c>, <c>date</c> the latest release's, <c>id</c> <c>{ocid}-{date}</c>.
    /// </summary>
    public static JsonObject Compile(IReadOnlyList<JsonObject> releases)
    {
        var compiled = new JsonObject();
        foreach (var release in releases)
            foreach (var (name, value) in release)
                if (!OmitWhenMerged.Contains(name)) MergeField(compiled, name, value);
        var last = releases[^1];
        var date = last["date"]!.GetValue<string>();
        var ordered = new JsonObject
        {
            ["ocid"] = last["ocid"]!.DeepClone(), ["id"] = $"{last["ocid"]}-{date}", ["date"] = date,
            ["tag"] = new JsonArray("compiled"),
        };
        foreach (var (name, value) in compiled.ToList())
            if (name != "ocid") ordered[name] = value?.DeepClone();
        return ordered;
    }

    static void MergeField(JsonObject output, string name, JsonNode? input)
    {
        if (input is null) { output.Remove(name); return; }
        var existing = output[name];
        switch (input)
        {
            case JsonObject obj when existing is JsonObject target && !OpenObjects.Contains(name):
                foreach (var (field, value) in obj) MergeField(target, field, value);
                break;
            case JsonArray list when MergesById(name, list, existing) && existing is JsonArray targets:
                foreach (var item in list.OfType<JsonObject>())
                {
                    var same = targets.OfType<JsonObject>().FirstOrDefault(t => SameId(t, item));
                    if (same is null) targets.Add(WithoutNulls(item));
                    else foreach (var (field, value) in item) MergeField(same, field, value);
                }
                break;
            default:
                output[name] = WithoutNulls(input);
                break;
        }
    }

    /// <summary>
    /// The versioned release: <c>ocid</c> as is, each other field a list of
    /// <c>{releaseID, releaseDate, releaseTag, value}</c>, a new entry only when the value changed; objects in arrays
    /// merged by an <c>id</c> that is kept as is.
    /// </summary>
    public static JsonObject Version(IReadOnlyList<JsonObject> releases)
    {
        var versioned = new JsonObject { ["ocid"] = releases[^1]["ocid"]!.DeepClone() };
        foreach (var release in releases)
        {
            var from = new Origin(release["id"]!.GetValue<string>(), release["date"]!.GetValue<string>(), release["tag"]!);
            foreach (var (name, value) in release)
                if (name != "ocid" && !OmitWhenMerged.Contains(name)) VersionField(versioned, name, value, from);
        }
        return versioned;
    }

    sealed record Origin(string Id, string Date, JsonNode Tag);

    static void VersionField(JsonObject output, string name, JsonNode? input, Origin from)
    {
        var existing = output[name];
        switch (input)
        {
            case JsonObject obj when !OpenObjects.Contains(name):
                var target = existing as JsonObject ?? new JsonObject();
                foreach (var (field, value) in obj) VersionField(target, field, value, from);
                output[name] = target;
                break;
            case JsonArray list when MergesById(name, list, existing):
                var targets = existing as JsonArray ?? [];
                foreach (var item in list.OfType<JsonObject>())
                {
                    var same = targets.OfType<JsonObject>().FirstOrDefault(t => SameId(t, item));
                    if (same is null) targets.Add(same = new JsonObject { ["id"] = item["id"]!.DeepClone() });
                    foreach (var (field, value) in item)
                        if (field != "id") VersionField(same, field, value, from);
                }
                output[name] = targets;
                break;
            default:
                var versions = existing as JsonArray ?? [];
                var latest = versions.Count > 0 ? versions[^1]!["value"] : null;
                if (versions.Count == 0 || !JsonNode.DeepEquals(latest, input))
                    versions.Add(new JsonObject
                    {
                        ["releaseID"] = from.Id, ["releaseDate"] = from.Date, ["releaseTag"] = from.Tag.DeepClone(),
                        ["value"] = input?.DeepClone(),
                    });
                output[name] = versions;
                break;
        }
    }

    /// <summary>
    /// An array of objects that all carry an <c>id</c> (and is not whole-list-merged) is merged by id; an empty one then
    /// changes nothing.
    /// </summary>
    static bool MergesById(string name, JsonArray list, JsonNode? existing) =>
        !WholeListMerge.Contains(name) && (list.Count > 0 ? list : existing as JsonArray) is { Count: > 0 } items
        && items.All(i => i is JsonObject o && o["id"] is not null);

    static bool SameId(JsonObject a, JsonObject b) => JsonNode.DeepEquals(a["id"], b["id"]);

    /// <summary>A value as first compiled: a null inside it means "no value", so it is left out.</summary>
    static JsonNode? WithoutNulls(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj.Where(p => p.Value is not null).Select(p =>
            KeyValuePair.Create(p.Key, WithoutNulls(p.Value)))),
        _ => node?.DeepClone(),
    };
}
