using JasperFx.Events;
using Ledger.Commitments;
using Ledger.Observations;
using Ledger.Organizations.Keys;
using Marten;

namespace Ledger.Deals;

public static class DealEvents
{
    /// <summary>
    /// The deal's, its commitments' and its accepted observations' events, in sequence order, each carrying its data as
    /// <paramref name="viewer"/> may read it (<see cref="ObserverPrivacy"/>): pending and rejected observations are left out.
    /// </summary>
    public static async Task<IReadOnlyList<IEvent>> ReadShownAsync(
        this IQuerySession session, Guid dealId, Caller? viewer, ObserverPrivacy privacy, CancellationToken ct) =>
        (await session.ReadShownAsync([dealId], viewer, privacy, ct)).GetValueOrDefault(dealId) ?? [];

    /// <inheritdoc cref="ReadShownAsync(IQuerySession, Guid, Caller?, ObserverPrivacy, CancellationToken)"/>
    /// <returns>By deal, for each of <paramref name="dealIds"/> that has events; a few round trips whatever their number.</returns>
    public static async Task<IReadOnlyDictionary<Guid, IReadOnlyList<IEvent>>> ReadShownAsync(this IQuerySession session,
        IReadOnlyCollection<Guid> dealIds, Caller? viewer, ObserverPrivacy privacy, CancellationToken ct)
    {
        var deals = dealIds.ToArray();
        var commitments = await session.Query<Commitment>().Where(c => c.DealId.IsOneOf(deals))
            .Select(c => new { c.Id, c.DealId }).ToListAsync(ct);
        var observations = await session.Query<Observation>()
            .Where(o => o.DealId.IsOneOf(deals) && o.Status == ModerationStatus.Accepted).ToListAsync(ct);
        var dealOf = commitments.ToDictionary(c => c.Id, c => c.DealId);
        foreach (var o in observations) dealOf[o.Id] = o.DealId;
        foreach (var d in deals) dealOf[d] = d;
        var streams = dealOf.Keys.ToArray();
        var events = await session.Events.QueryAllRawEvents().Where(e => e.StreamId.IsOneOf(streams))
            .OrderBy(e => e.Sequence).ToListAsync(ct);
        var shown = await privacy.EventsForAsync([.. events.Select(e => e.Data)], observations, viewer, session, ct);
        return events.Select((e, i) => ReferenceEquals(shown[i], e.Data) ? e : e.WithData(shown[i]))
            .GroupBy(e => dealOf[e.StreamId])
            .ToDictionary(g => g.Key, g => (IReadOnlyList<IEvent>)[.. g]);
    }
}
