using JasperFx.Events;
using Marten;

namespace Ledger.Commitments.Facts;

/// <summary>A commitment's facts together with the events they were folded from, which carry the sources.</summary>
public sealed record CommitmentRecord(CommitmentFacts Facts, IReadOnlyList<IEvent> Events)
{
    public static async Task<IReadOnlyList<CommitmentRecord>> ReadAsync(
        IQuerySession session, IReadOnlyCollection<Guid> commitmentIds, CancellationToken ct) =>
        [.. (await session.ReadCommitmentEventsAsync(commitmentIds, ct))
            .Select(c => CommitmentFacts.Fold(null, c.Value) is { } facts ? new CommitmentRecord(facts, c.Value) : null)
            .OfType<CommitmentRecord>()];
}
