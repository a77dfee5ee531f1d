using Ledger.Observations;
using Ledger.Organizations.Keys;
using Ledger.Transparency.Log;
using Marten;

namespace Ledger.Transparency.Entries;

/// <summary>
/// The entries of observations a viewer may not know of (pending or rejected): served with their leaf hash only, so
/// the tree stays checkable while the entry does not tell that the observation exists, nor what it says. Once an
/// observation is accepted its entries are served in full, and a full audit re-hashes them.
/// </summary>
public static class WithheldEntries
{
    public static async Task<IReadOnlySet<long>> SequencesAsync(
        IReadOnlyList<StoredLeaf> leaves, Caller? viewer, IQuerySession session, CancellationToken ct)
    {
        var streams = leaves.Where(l => l.Event is { } e && e.Type.StartsWith("observation_", StringComparison.Ordinal))
            .Select(l => l.Event!.StreamId).ToHashSet();
        if (streams.Count == 0) return new HashSet<long>();
        var observations = await session.LoadManyAsync<Observation>(ct, streams.ToArray());
        var moderated = await ObserverPrivacy.ModeratedDealsAsync(observations.Select(o => o.DealId), viewer, session, ct);
        var visible = observations.Where(o => ObserverPrivacy.MaySee(o.Status, o.OrganizationId, moderated.Contains(o.DealId), viewer))
            .Select(o => o.Id).ToHashSet();
        return leaves.Where(l => l.Event is { } e && streams.Contains(e.StreamId) && !visible.Contains(e.StreamId))
            .Select(l => l.Sequence).ToHashSet();
    }
}
