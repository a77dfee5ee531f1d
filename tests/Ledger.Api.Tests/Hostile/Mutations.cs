using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;

namespace Ledger.Api.Tests.Hostile;

/// <summary>
/// A request the suite sends: where, with what body and headers, what was done to a valid one, and whether the ledger
/// must refuse it (every mutation but a missing or null field makes any body invalid).
/// </summary>
public sealed record HostileRequest(
    string Method, string Url, string? Body, string? ContentType, string? IdempotencyKey, string Mutation, bool MustRefuse,
    string? Parameter = null)
{
    public override string ToString() =>
        $"{Method} {Url} [{Mutation}] key={Shorten(IdempotencyKey)} type={ContentType} body={Shorten(Body)}";

    static string? Shorten(string? text) => text is { Length: > 300 } ? text[..300] + $"… ({text.Length} chars)" : text;
}

/// <summary>How a valid body is made hostile. Raw JSON fragments go in through markers, so that they may be invalid.</summary>
public static class Mutations
{
    const string Marker = "HOSTILE_MARKER_7f3a";
    const string DuplicateMarker = "HOSTILE_DUPLICATE_7f3a";

    static readonly string[] Injections =
        [@"\u0000", @"\u0001", @"\u001b", @"\u007f", @"\ud800", @"\udfff", @"\uffff", @"\ud800\u0041", @"\u0085"];
    static readonly string[] HugeNumbers =
        ["1e400", "-1e400", "79228162514264337593543950336", "1e16", "-1e30", "123456789012345678901234567890.123"];
    static readonly string[] OddDates =
    [
        "0001-01-01", "9999-12-31", "1899-12-31", "2201-01-01", "2024-02-30", "2023-02-29", "2024-13-01", "2024-00-10",
        "2024-1-1", "24-01-01", "2024-01-01T00:00:00Z", "", " ", "2024/01/01", "+2024-01-01", "١٩٩٠-٠١-٠١",
    ];
    static readonly string[] Kinds = ["42", "-1", "0.5", "true", "false", "{}", "[]", "\"text\"", "\"\""];
    static readonly string[] WholeBodies = ["", "null", "[]", "1", "\"x\"", "{", "}", "{\"a\":", "true", "{}", "\uFEFF{}"];
    static readonly string[] ContentTypes = ["", "text/plain", "application/xml", "application/x-www-form-urlencoded"];
    static readonly string[] HostileKeys = ["key with spaces", "key\u0001", "ключ", "k\u00e9y", "\t"];

    /// <summary>Every value in the body, by its path of keys and indexes.</summary>
    public static List<(JsonNode? Parent, object Key, JsonNode? Value)> Locations(JsonNode root)
    {
        var found = new List<(JsonNode?, object, JsonNode?)>();
        void Walk(JsonNode? node)
        {
            if (node is JsonObject o)
                foreach (var (name, value) in o.ToList()) { found.Add((o, name, value)); Walk(value); }
            else if (node is JsonArray a)
                for (var i = 0; i < a.Count; i++) { found.Add((a, i, a[i])); Walk(a[i]); }
        }
        Walk(root);
        return found;
    }

    /// <summary>A body that no route may accept, and what was done to it.</summary>
    public static Gen<(string Body, string Mutation)> Refused(string valid) =>
        Gen.Int[0, 9].SelectMany(kind => Gen.Int[0, 1 << 20].SelectMany(pick => Gen.Int[0, 1 << 20].Select(detail =>
            Apply(valid, kind, pick, detail))));

    /// <summary>A body a route may accept (a field left out, or null): only no 5xx is asked of it.</summary>
    public static Gen<(string Body, string Mutation)> Lenient(string valid) =>
        Gen.Int[0, 1].SelectMany(kind => Gen.Int[0, 1 << 20].Select(pick =>
        {
            var root = JsonNode.Parse(valid)!;
            var locations = Locations(root).Where(l => l.Parent is JsonObject).ToList();
            var (parent, key, _) = locations[pick % locations.Count];
            var name = (string)key;
            if (kind == 0) ((JsonObject)parent!).Remove(name);
            else ((JsonObject)parent!)[name] = null;
            return (root.ToJsonString(), kind == 0 ? $"without {name}" : $"{name}: null");
        }));

    static (string, string) Apply(string valid, int kind, int pick, int detail)
    {
        var root = JsonNode.Parse(valid)!;
        var locations = Locations(root);
        var (parent, key, value) = locations[pick % locations.Count];
        var text = value is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        switch (kind)
        {
            case 0 when text is not null:
                var at = detail % (text.Length + 1);
                var injected = Injections[detail % Injections.Length];
                return (Replace(root, parent, key, Quote(text[..at]) + injected + Quote(text[at..]), quoted: true),
                    $"{key}: {injected} at {at}");
            case 0 or 1:
                var kinds = Kinds.Where(k => KindOf(k) != Normalised(value?.GetValueKind())).ToArray();
                var other = kinds[detail % kinds.Length];
                return (Replace(root, parent, key, other), $"{key}: {other} (a {value?.GetValueKind()} is expected)");
            case 2:
                var huge = HugeNumbers[detail % HugeNumbers.Length];
                return (Replace(root, parent, key, huge), $"{key}: {huge}");
            case 3:
                var target = parent is JsonObject o ? o : (JsonObject)root;
                var (name, first) = target.ElementAt(detail % target.Count);
                target[DuplicateMarker] = detail % 2 == 0 ? first?.DeepClone() : JsonValue.Create("other");
                return (root.ToJsonString().Replace($"\"{DuplicateMarker}\"", JsonSerializer.Serialize(name)),
                    $"{name} given twice");
            case 4:
                var depth = 17 + detail % 2000;
                var nested = detail % 2 == 0 ? new string('[', depth) + new string(']', depth)
                    : string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth);
                return (Replace(root, parent, key, nested), $"{key}: nested {depth} deep");
            case 5:
                var length = 10_001 + detail % 200_000;
                return (Replace(root, parent, key, JsonSerializer.Serialize(new string('x', length))),
                    $"{key}: {length} characters");
            case 6 when text is not null && IsDate(text):
                var odd = OddDates[detail % OddDates.Length];
                return (Replace(root, parent, key, JsonSerializer.Serialize(odd)), $"{key}: date '{odd}'");
            case 6 or 7:
                var extra = parent is JsonObject into ? into : (JsonObject)root;
                extra["hostileExtra"] = 1;
                return (root.ToJsonString(), "an unknown field");
            case 8 when text is not null && Guid.TryParse(text, out _):
                return (Replace(root, parent, key, JsonSerializer.Serialize(Guid.Empty)), $"{key}: the all-zero id");
            default:
                var whole = WholeBodies[detail % WholeBodies.Length];
                return (whole, $"the whole body: {JsonSerializer.Serialize(whole)}");
        }
    }

    public static string HostileContentType(int detail) => ContentTypes[detail % ContentTypes.Length];

    public static string HostileKey(int detail) =>
        detail % 3 == 0 ? new string('k', 201 + detail % 30_000) : HostileKeys[detail % HostileKeys.Length];

    static bool IsDate(string text) => text.Length == 10 && DateOnly.TryParseExact(text, "yyyy-MM-dd", out _);

    static string Quote(string text) => JsonSerializer.Serialize(text)[1..^1];

    static JsonValueKind? KindOf(string json) => Normalised(JsonDocument.Parse(json).RootElement.ValueKind);

    // true and false are one kind: a boolean.
    static JsonValueKind? Normalised(JsonValueKind? kind) => kind == JsonValueKind.False ? JsonValueKind.True : kind;

    /// <summary>The body with the value at (parent, key) replaced by a raw JSON fragment.</summary>
    static string Replace(JsonNode root, JsonNode? parent, object key, string raw, bool quoted = false)
    {
        if (parent is JsonObject o) o[(string)key] = Marker;
        else if (parent is JsonArray a) a[(int)key] = Marker;
        else return raw;
        return root.ToJsonString().Replace($"\"{Marker}\"", quoted ? $"\"{raw}\"" : raw);
    }
}
