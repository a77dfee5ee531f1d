using Ledger.Infrastructure.Http;
using Ledger.Infrastructure.Writing;
using Ledger.Observations;
using Ledger.Sourcing;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Http.Marten;

namespace Ledger.Commitments.History;

/// <summary>One event as it was appended: its domain date (when it happened) beside its recorded time (when the ledger learnt it).</summary>
public sealed record HistoryEntry(
    long Sequence, Guid StreamId, long Version, string Type, DateOnly? OccurredOn, DateTimeOffset RecordedAt, RecordedBy RecordedBy,
    string? CorrelationId, IReadOnlyList<Source> Sources, object Data);

public static class GetCommitmentHistoryEndpoint
{
    /// <summary>The commitment's own events and those of every observation about it, in the order the ledger recorded them.</summary>
    [WolverineGet("/api/commitments/{commitmentId}/history", OperationId = "getCommitmentHistory")]
    public static async Task<IReadOnlyList<HistoryEntry>> Get(
        [Document(Required = true, MissingMessage = "No commitment has the id '{0}'.")] Commitment commitment,
        IQuerySession session, CancellationToken ct)
    {
        var observationIds = await session.Query<Observation>().Where(o => o.CommitmentId == commitment.Id).Select(o => o.Id).ToListAsync(ct);
        var streams = observationIds.Prepend(commitment.Id).ToArray();
        var events = await session.Events.QueryAllRawEvents()
            .Where(e => e.StreamId.IsOneOf(streams))
            .OrderBy(e => e.Sequence)
            .ToListAsync(ct);
        return [.. events.Select(e => new HistoryEntry(
            e.Sequence, e.StreamId, e.Version, e.EventTypeName,
            (e.Data as ISourcedStatement)?.OccurredOn, e.Timestamp,
            RecordedBy.Of(e),
            e.CorrelationId, (e.Data as ISourcedStatement)?.Sources ?? [], e.Data))];
    }
}
