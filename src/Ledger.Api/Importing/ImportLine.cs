using System.Text.Json;
using System.Text.Json.Nodes;
using Ledger.Commitments.ClaimingDelivery;
using Ledger.Commitments.Making;
using Ledger.Deals.Registering;
using Ledger.Infrastructure;
using Ledger.Infrastructure.Http;
using Ledger.Infrastructure.Validation;
using Ledger.Observations.Submitting;

namespace Ledger.Importing;

/// <summary>What a line of an import asks for: the write of the REST route whose request body it carries.</summary>
public enum ImportKind { Deal, Commitment, Claim, Observation }

/// <summary>
/// One line of an import, read: its write's request exactly as the REST route would have bound it, the id of what it
/// creates (from the import's id and the line's number, the same on every run of the same import) and the id of the
/// deal or commitment it is about (an earlier line's, named by its <c>ref</c>, or one already in the ledger).
/// </summary>
public sealed record ImportLine(int Number, string? Ref, ImportKind Kind, object Request, Guid Id, Guid? Target);

/// <summary>A line that was not imported, and why: the problem's <c>errors</c>, keyed by field, as the REST route names them.</summary>
public sealed record RejectedLine(int Line, string? Ref, IReadOnlyDictionary<string, string[]> Errors);

/// <summary>
/// Reads the lines of one import in order. A line is a JSON object: the REST request body of its write plus
/// <c>type</c> (deal, commitment, claim, observation), an optional <c>ref</c> later lines name it by, and, but for a
/// deal, <c>deal</c> or <c>commitment</c>: an earlier line's ref or the id of one in the ledger. Pure but for the refs
/// it remembers from line to line.
/// </summary>
public sealed class ImportLines(Guid importId, JsonSerializerOptions json)
{
    /// <summary>A line longer than this is refused unread: no request of the API needs a fraction of it.</summary>
    public const int MaxLineLength = 256 * 1024;

    const int MaxRefLength = 100;

    static readonly JsonDocumentOptions Document = new()
    {
        AllowDuplicateProperties = false, MaxDepth = StrictJson.MaxDepth, CommentHandling = JsonCommentHandling.Disallow,
    };

    static readonly Dictionary<string, ImportKind> Kinds = Enum.GetValues<ImportKind>()
        .ToDictionary(kind => Names.Of(kind.ToString()), StringComparer.Ordinal);

    readonly Dictionary<string, (int Line, ImportKind Kind, Guid Id)> refs = new(StringComparer.Ordinal);

    /// <summary>The id that line <paramref name="number"/> of import <paramref name="importId"/> creates.</summary>
    public static Guid IdOf(Guid importId, int number) => DeterministicIds.From($"import:{importId}:line:{number}");

    /// <summary>The line read, or why it is refused; a blank line is neither (null, null).</summary>
    public (ImportLine? Line, RejectedLine? Rejected) Read(int number, string text)
    {
        if (string.IsNullOrWhiteSpace(text)) return (null, null);
        if (text.Length > MaxLineLength)
            return (null, Reject(number, null, "$", $"is longer than {MaxLineLength} characters"));
        JsonObject line;
        try
        {
            if (JsonNode.Parse(text, documentOptions: Document) is not JsonObject parsed)
                return (null, Reject(number, null, "$", "must be a JSON object"));
            line = parsed;
        }
        catch (JsonException)
        {
            return (null, Reject(number, null, "$", "is not valid JSON"));
        }

        var (type, reference) = (Envelope(line, "type"), Envelope(line, "ref"));
        if (reference.Error is { } refError) return (null, Reject(number, null, "ref", refError));
        var name = reference.Value;
        if (name is not null && (name.Length > MaxRefLength || name.Trim().Length == 0))
            return (null, Reject(number, null, "ref", $"must be 1 to {MaxRefLength} characters"));
        if (type.Error is { } typeError) return (null, Reject(number, name, "type", typeError));
        if (!Kinds.TryGetValue(type.Value!, out var kind))
            return (null, Reject(number, name, "type", $"must be one of {string.Join(", ", Kinds.Keys)}"));
        if (name is not null && refs.TryGetValue(name, out var earlier))
            return (null, Reject(number, name, "ref", $"is already the ref of line {earlier.Line}"));

        Guid? target = null;
        if (kind != ImportKind.Deal)
        {
            var (field, wanted) = kind == ImportKind.Commitment ? ("deal", ImportKind.Deal) : ("commitment", ImportKind.Commitment);
            var named = Envelope(line, field);
            if (named.Error is { } error) return (null, Reject(number, name, field, error));
            if (named.Value is not { } about)
                return (null, Reject(number, name, field, $"is required: an earlier line's ref or a {field}'s id"));
            if (refs.TryGetValue(about, out var line2) && line2.Kind == wanted) target = line2.Id;
            else if (Guid.TryParse(about, out var id)) target = id;
            else return (null, Reject(number, name, field, $"names no earlier {field} line of this import, nor a {field}'s id"));
        }

        object? request;
        try
        {
            StrictJson.BeginRequest();
            request = line.Deserialize(RequestType(kind), json);
        }
        catch (JsonException e)
        {
            var (field, message) = MalformedJsonProblems.Describe(e.Message);
            return (null, Reject(number, name, field, message));
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException && Unstorable(line, "") is { } field)
        {
            // A lone surrogate escaped in the JSON (\udfff) parses, but cannot be read out as text.
            return (null, Reject(number, name, field, StorableText.Rule));
        }
        if (request is null) return (null, Reject(number, name, "$", "must be a JSON object"));

        var created = IdOf(importId, number);
        if (name is not null) refs[name] = (number, kind, created);
        return (new ImportLine(number, name, kind, request, created, target), null);
    }

    static Type RequestType(ImportKind kind) => kind switch
    {
        ImportKind.Deal => typeof(RegisterDeal),
        ImportKind.Commitment => typeof(MakeCommitment),
        ImportKind.Claim => typeof(ClaimDelivery),
        _ => typeof(SubmitObservation),
    };

    /// <summary>Takes a field of the line's own (not its request's) off the object: its text, or what is wrong with it.</summary>
    static (string? Value, string? Error) Envelope(JsonObject line, string field)
    {
        line.TryGetPropertyValue(field, out var node);
        line.Remove(field);
        if (node is null) return (null, field == "type" ? "is required" : null);
        if (node.GetValueKind() != JsonValueKind.String) return (null, "must be a string");
        return Storable(node.AsValue()) ? (node.GetValue<string>(), null) : (null, StorableText.Rule);
    }

    /// <summary>The path of the first text in <paramref name="node"/> the ledger cannot store, if any.</summary>
    static string? Unstorable(JsonNode? node, string path) => node switch
    {
        JsonObject o => o.Select(p => Unstorable(p.Value, path.Length == 0 ? p.Key : $"{path}.{p.Key}")).FirstOrDefault(f => f is not null),
        JsonArray a => a.Select((item, i) => Unstorable(item, $"{path}[{i}]")).FirstOrDefault(f => f is not null),
        JsonValue v when v.GetValueKind() == JsonValueKind.String => Storable(v) ? null : path,
        _ => null,
    };

    static bool Storable(JsonValue text)
    {
        try { return StorableText.IsStorable(text.GetValue<string>()); }
        catch (InvalidOperationException) { return false; }
    }

    static RejectedLine Reject(int number, string? reference, string field, string message) =>
        new(number, reference, new Dictionary<string, string[]> { [field] = [message] });
}
