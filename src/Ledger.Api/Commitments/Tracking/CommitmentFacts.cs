using JasperFx.Events;
using Ledger.Measuring;
using Ledger.Observations;

namespace Ledger.Commitments.Tracking;

public sealed record RecordedRevision(
    Guid Id, Target? Target, DateOnly? DueOn, DateOnly EffectiveOn, string Reason, Guid? AmendmentId, DateTimeOffset RecordedAt, long Sequence);

public sealed record RecordedClaim(Guid Id, string ClaimedBy, decimal Amount, DateOnly AsOf, DateTimeOffset RecordedAt, long Sequence);

public sealed record RecordedObservation(
    Guid Id, DateOnly ObservedOn, DateTimeOffset SubmittedAt, Assessment Assessment, decimal? Amount, DateTimeOffset RecordedAt,
    ModerationStatus Decision, DateTimeOffset? DecidedAt)
{
    /// <summary>The moderation status as the ledger knew it at <paramref name="knownAt"/>.</summary>
    public ModerationStatus StatusKnownAt(DateTimeOffset? knownAt) =>
        Decision != ModerationStatus.Pending && (knownAt is null || DecidedAt <= knownAt) ? Decision : ModerationStatus.Pending;
}

public sealed record RecordedDeadline(DateOnly DueOn, DateTimeOffset RecordedAt);

public sealed record RecordedWithdrawal(DateOnly WithdrawnOn, DateTimeOffset RecordedAt);

/// <summary>
/// Everything the ledger holds about one commitment, each fact with the time it was recorded. Folded from the
/// commitment's events and those of the observations about it, it answers for any date of the world (asOf) and any
/// moment of the ledger's knowledge (knownAt) without going back to the events.
/// </summary>
public sealed record CommitmentFacts(
    Guid Id, Guid DealId, string Promisor, string? Beneficiary, string Title, string Category, Target OriginalTarget,
    DateOnly? OriginalDueOn, bool Binding, DateOnly MadeOn, DateTimeOffset RecordedAt,
    IReadOnlyList<RecordedRevision> Revisions, IReadOnlyList<RecordedClaim> Claims, IReadOnlyList<RecordedObservation> Observations,
    IReadOnlyList<RecordedDeadline> DeadlinesPassed, RecordedWithdrawal? Withdrawal, IReadOnlyList<DateTimeOffset> StreamEventTimes)
{
    public string Unit => OriginalTarget.Unit;

    /// <summary>The commitment stream's version as known at <paramref name="knownAt"/>.</summary>
    public long VersionKnownAt(DateTimeOffset? knownAt) => knownAt is null ? StreamEventTimes.Count : StreamEventTimes.Count(t => t <= knownAt);

    /// <summary>Folds one event (in sequence order); events before the commitment was made, or of other kinds, change nothing.</summary>
    public static CommitmentFacts? Fold(CommitmentFacts? facts, IEvent e) => (facts, e.Data) switch
    {
        (null, CommitmentMade made) => new CommitmentFacts(made.CommitmentId, made.DealId, made.Promisor, made.Beneficiary, made.Title,
            made.Category, made.Target, made.DueOn, made.Binding, made.MadeOn, e.Timestamp, [], [], [], [], null, [e.Timestamp]),
        (null, _) => null,
        (_, CommitmentRevised r) => facts.InStream(e) with
        {
            Revisions = [.. facts.Revisions, new RecordedRevision(r.RevisionId, r.Target, r.DueOn, r.EffectiveOn, r.Reason, r.AmendmentId, e.Timestamp, e.Sequence)],
        },
        (_, DeliveryClaimed c) => facts.InStream(e) with
        {
            Claims = [.. facts.Claims, new RecordedClaim(c.ClaimId, c.ClaimedBy, c.Amount, c.AsOf, e.Timestamp, e.Sequence)],
        },
        (_, CommitmentWithdrawn w) => facts.InStream(e) with { Withdrawal = new RecordedWithdrawal(w.WithdrawnOn, e.Timestamp) },
        (_, DeadlinePassed d) => facts.InStream(e) with { DeadlinesPassed = [.. facts.DeadlinesPassed, new RecordedDeadline(d.DueOn, e.Timestamp)] },
        (_, ObservationSubmitted o) => facts with
        {
            Observations = [.. facts.Observations, new RecordedObservation(o.ObservationId, o.ObservedOn, o.SubmittedAt, o.Finding.Assessment,
                o.Finding.Amount, e.Timestamp, ModerationStatus.Pending, null)],
        },
        (_, ObservationAccepted a) => facts.Decide(a.ObservationId, ModerationStatus.Accepted, e.Timestamp),
        (_, ObservationRejected r) => facts.Decide(r.ObservationId, ModerationStatus.Rejected, e.Timestamp),
        _ => facts,
    };

    public static CommitmentFacts? FoldAll(IEnumerable<IEvent> events) => events.OrderBy(e => e.Sequence).Aggregate((CommitmentFacts?)null, Fold);

    CommitmentFacts InStream(IEvent e) => this with { StreamEventTimes = [.. StreamEventTimes, e.Timestamp] };

    CommitmentFacts Decide(Guid observationId, ModerationStatus decision, DateTimeOffset at) => this with
    {
        Observations = [.. Observations.Select(o => o.Id == observationId ? o with { Decision = decision, DecidedAt = at } : o)],
    };
}
