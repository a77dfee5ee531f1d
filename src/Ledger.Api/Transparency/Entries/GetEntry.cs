using System.Security.Claims;
using System.Text.Json;
using Ledger.Infrastructure.OpenApi;
using Ledger.Organizations.Keys;
using Marten;
using Ledger.Infrastructure.Validation;
using Ledger.Transparency.Log;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Ledger.Transparency.Entries;

/// <summary>The event as stored now, with protected fields shown as in the entry (salted digests), never in clear.</summary>
public sealed record LoggedEvent(Guid StreamId, long Version, string Type, DateTimeOffset RecordedAt, JsonElement Data);

/// <param name="Entry">The exact canonical JSON text whose UTF-8 bytes the leaf hashes, rebuilt from the event as stored now:
/// if the event was changed after it was logged, it no longer hashes to <paramref name="LeafHash"/>. Null when the event is gone.</param>
/// <param name="LeafHash">The leaf the log recorded when it logged the event: SHA-256(0x00 ‖ entry), base64.</param>
/// <param name="Withheld">True for an entry of an observation not yet public (see <see cref="WithheldEntries"/>):
/// no entry text and no event, only the leaf.</param>
public sealed record EntryView(long Index, long Sequence, string? Entry, string LeafHash, LoggedEvent? Event, bool Withheld = false)
{
    public static EntryView Of(StoredLeaf leaf, bool withheld = false) =>
        withheld ? new EntryView(leaf.Index, leaf.Sequence, null, Convert.ToBase64String(leaf.LeafHash), null, Withheld: true)
        : leaf.Event is { } row
        ? new EntryView(leaf.Index, leaf.Sequence, LogEntry.Text(row, leaf.Seals), Convert.ToBase64String(leaf.LeafHash),
            new LoggedEvent(row.StreamId, row.Version, row.Type, row.RecordedAt,
                JsonSerializer.SerializeToElement(LogEntry.PublicData(row, leaf.Seals))))
        : new EntryView(leaf.Index, leaf.Sequence, null, Convert.ToBase64String(leaf.LeafHash), null);

    public static async Task<IReadOnlyList<EntryView>> ForAsync(
        IReadOnlyList<StoredLeaf> leaves, ClaimsPrincipal user, IQuerySession session, CancellationToken ct)
    {
        var withheld = await WithheldEntries.SequencesAsync(leaves, Caller.From(user), session, ct);
        return [.. leaves.Select(l => Of(l, withheld.Contains(l.Sequence)))];
    }
}

public static class GetEntryEndpoint
{
    public static async Task<(StoredLeaf?, ProblemDetails)> LoadAsync(string index, LogStore log, CancellationToken ct)
    {
        var errors = new FieldErrors();
        if (errors.Number("index", index, min: 0, required: true) is not { } at) return (null, errors.ToProblem());
        var leaves = await log.LeavesAsync(at, 1, ct);
        if (leaves.Count == 0)
            return (null, LogQueries.BeyondTheLog($"The log has {await log.SizeAsync(ct)} entries, numbered from 0: there is no entry {at}."));
        return (leaves[0], LogQueries.Continue);
    }

    public static ProblemDetails Validate(ProblemDetails problem) => problem;

    /// <summary>One entry of the log, by its leaf index.</summary>
    [WholeNumber("index", 0, LogQueries.MaxNumber)]
    [Tags(Capability.TransparencyLog), EndpointSummary("Get one entry of the log")]
    [WolverineGet("/api/ledger/entries/{index}", OperationId = "getLogEntry")]
    public static async Task<EntryView> Get(StoredLeaf leaf, ClaimsPrincipal user, IQuerySession session, CancellationToken ct) =>
        (await EntryView.ForAsync([leaf], user, session, ct))[0];
}
