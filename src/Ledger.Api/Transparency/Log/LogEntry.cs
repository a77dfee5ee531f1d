using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ledger.Transparency.Log;

/// <summary>One row of the event store as PostgreSQL holds it: the data is the stored JSON, never re-serialised from .NET types.</summary>
public sealed record EventRow(long Sequence, Guid StreamId, long Version, string Type, DateTimeOffset RecordedAt, string Data);

/// <summary>
/// How one protected field enters the log: SHA-256(salt ‖ canonical JSON of the value). The salt is kept apart from the tree;
/// erasing the field means deleting the value and its salt (<paramref name="Salt"/> null) while the digest stays, so the leaf
/// is unchanged and the rest of the entry stays provable.
/// </summary>
public sealed record FieldSeal(string Path, byte[]? Salt, byte[] Digest);

/// <summary>
/// What becomes a leaf: the RFC 8785 canonical JSON of {data, recordedAt, sequence, streamId, type}, with every protected field
/// replaced by <c>{"saltedSha256": base64}</c>. Built from the stored event each time, at logging and at every read, so an
/// event changed in the database no longer hashes to its leaf.
/// </summary>
public static class LogEntry
{
    public const string DigestMember = "saltedSha256";

    /// <summary>Event type alias → JSON paths of the fields marked <see cref="ProtectedAttribute"/>, derived once.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> ProtectedFields =
        ProtectedPaths.ByEventType(typeof(LogEntry).Assembly);

    /// <summary>At logging time: a fresh salt and digest for every protected field the event holds (absent and null fields need none).</summary>
    public static IReadOnlyList<FieldSeal> Seal(EventRow row, Func<byte[]> newSalt)
    {
        if (!ProtectedFields.TryGetValue(row.Type, out var paths)) return [];
        var data = JsonNode.Parse(row.Data);
        var seals = new List<FieldSeal>();
        foreach (var path in paths)
        {
            if (Find(data, path) is not { } value) continue;
            var salt = newSalt();
            seals.Add(new FieldSeal(path, salt, Digest(salt, value)));
        }
        return seals;
    }

    /// <summary>The canonical entry text whose UTF-8 bytes the leaf hashes.</summary>
    public static string Text(EventRow row, IReadOnlyList<FieldSeal> seals)
    {
        var entry = new JsonObject
        {
            ["data"] = PublicData(row, seals),
            ["recordedAt"] = RecordedAt(row.RecordedAt),
            ["sequence"] = row.Sequence,
            ["streamId"] = row.StreamId.ToString("D"),
            ["type"] = row.Type,
        };
        return CanonicalJson.Serialize(entry.ToJsonString());
    }

    public static byte[] LeafHash(string entryText) => MerkleHash.Leaf(Encoding.UTF8.GetBytes(entryText));

    /// <summary>
    /// The event's data as the log shows it: protected fields replaced by their salted digest. A sealed field whose value is gone
    /// while its salt remains, or a protected field that was not there when logged, gets a null digest: the entry then no longer
    /// matches its leaf, which is what such a change to history must cause.
    /// </summary>
    public static JsonNode? PublicData(EventRow row, IReadOnlyList<FieldSeal> seals)
    {
        var data = JsonNode.Parse(row.Data);
        if (!ProtectedFields.TryGetValue(row.Type, out var paths)) return data;
        foreach (var path in paths)
        {
            var seal = seals.FirstOrDefault(s => s.Path == path);
            var value = Find(data, path);
            if (seal is null && value is null) continue; // absent or null when logged, and still so
            var digest = seal switch
            {
                { Salt: null } => seal.Digest, // erased: the digest stands in for the value for good
                { Salt: { } salt } when value is not null => Digest(salt, value),
                _ => null,
            };
            Replace(ref data, path, new JsonObject { [DigestMember] = digest is null ? null : Convert.ToBase64String(digest) });
        }
        return data;
    }

    public static byte[] Digest(byte[] salt, JsonNode value)
    {
        var canonical = Encoding.UTF8.GetBytes(CanonicalJson.Serialize(value.ToJsonString()));
        return SHA256.HashData([.. salt, .. canonical]);
    }

    public static string RecordedAt(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>The value at a dotted path, or null when it or a parent is absent or JSON null.</summary>
    static JsonNode? Find(JsonNode? node, string path)
    {
        foreach (var name in path.Split('.'))
        {
            if (node is not JsonObject obj || !obj.TryGetPropertyValue(name, out node)) return null;
        }
        return node;
    }

    static void Replace(ref JsonNode? root, string path, JsonNode replacement)
    {
        root ??= new JsonObject();
        var names = path.Split('.');
        var node = root;
        foreach (var name in names[..^1])
        {
            if (node is not JsonObject parent) return; // a shape the path cannot exist in: nothing was sealed there
            if (parent[name] is not JsonObject child) parent[name] = child = new JsonObject();
            node = child;
        }
        if (node is JsonObject target) target[names[^1]] = replacement;
    }

    internal static JsonElement ToElement(JsonNode? node) =>
        JsonSerializer.SerializeToElement(node, JsonNodeContext.Default.JsonNode);
}

[System.Text.Json.Serialization.JsonSerializable(typeof(JsonNode))]
internal sealed partial class JsonNodeContext : System.Text.Json.Serialization.JsonSerializerContext;
