using JasperFx.Events;
using Ledger.Observations;
using Marten;

namespace Ledger.Commitments.Facts;

public static class ReadingFacts
{
    /// <summary>
    /// Folds the facts of the given commitments straight from the event store (two queries, whatever their number), so a
    /// read right after a write already sees it.
    /// </summary>
    public static async Task<IReadOnlyDictionary<Guid, CommitmentFacts>> ReadCommitmentFactsAsync(
        this IQuerySession session, IReadOnlyCollection<Guid> commitmentIds, CancellationToken ct)
    {
        var facts = new Dictionary<Guid, CommitmentFacts>();
        foreach (var (id, events) in await session.ReadCommitmentEventsAsync(commitmentIds, ct))
            if (CommitmentFacts.Fold(null, events) is { } folded) facts[id] = folded;
        return facts;
    }

    /// <summary>
    /// The events the facts of the given commitments fold from, per commitment in sequence order: its own and those of
    /// every observation about it (two queries, whatever their number).
    /// </summary>
    public static async Task<IReadOnlyDictionary<Guid, IReadOnlyList<IEvent>>> ReadCommitmentEventsAsync(
        this IQuerySession session, IReadOnlyCollection<Guid> commitmentIds, CancellationToken ct)
    {
        if (commitmentIds.Count == 0) return new Dictionary<Guid, IReadOnlyList<IEvent>>();
        var ids = commitmentIds.ToArray();
        var observationIds = await session.Query<Observation>().Where(o => o.CommitmentId.IsOneOf(ids)).Select(o => o.Id).ToListAsync(ct);
        var streams = ids.Concat(observationIds).ToArray();
        var events = await session.Events.QueryAllRawEvents().Where(e => e.StreamId.IsOneOf(streams)).OrderBy(e => e.Sequence).ToListAsync(ct);
        return events.GroupBy(CommitmentIdOf).ToDictionary(g => g.Key, g => (IReadOnlyList<IEvent>)g.ToList());
    }

    /// <summary>The commitment an event is about: its own stream, or the one an observation event names.</summary>
    public static Guid CommitmentIdOf(IEvent e) => e.Data switch
    {
        ObservationSubmitted o => o.CommitmentId,
        ObservationAccepted a => a.CommitmentId,
        ObservationRejected r => r.CommitmentId,
        _ => e.StreamId,
    };
}
