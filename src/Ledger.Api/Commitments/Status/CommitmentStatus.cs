using Ledger.Commitments.Facts;
using Ledger.Commitments.Gaps;
using Ledger.Observations;
using Ledger.Observations.Corroborating;

namespace Ledger.Commitments.Status;

public enum DeliveryStatus { NotStarted, InProgress, Overdue, Delivered, Withdrawn }

/// <summary>Promise-tracker ratings, derived from the status by the rules in <see cref="CommitmentStatus.RatingOf"/>.</summary>
public enum Rating { NotYetRated, InTheWorks, Stalled, Compromise, Kept, Broken }

public sealed record ObservationCounts(int Accepted, int Pending, int Rejected)
{
    /// <summary>These counts and <paramref name="more"/>, each by its decision.</summary>
    public ObservationCounts With(IEnumerable<RecordedObservation> more)
    {
        var (accepted, pending, rejected) = (Accepted, Pending, Rejected);
        foreach (var o in more)
            _ = o.Decision switch
            {
                ModerationStatus.Accepted => accepted++,
                ModerationStatus.Rejected => rejected++,
                _ => pending++,
            };
        return new ObservationCounts(accepted, pending, rejected);
    }
}

/// <summary>Promised vs claimed vs independently verified for one commitment, on one day, as known at one moment.</summary>
public sealed record CommitmentStatus(
    Guid Id, Guid DealId, string Title, string Promisor, string? Beneficiary, string Category, string Unit, bool Binding,
    decimal Target, decimal OriginalTarget, decimal Claimed, decimal Verified, decimal Gap, decimal OriginalGap, decimal ClaimGap,
    decimal Fulfilment, DateOnly? DueOn, DateOnly? OriginalDueOn, int DaysOverdue, DeliveryStatus Status, Rating Rating, int Revisions,
    DateOnly? LastObservedOn, DateOnly? LastProgressOn, ObservationCounts Observations, DateOnly? WithdrawnOn, DateOnly AsOf,
    DateTimeOffset? KnownAt, long Version)
{
    /// <summary>How far the accepted observations back each other (<see cref="Corroboration"/>).</summary>
    public Verification Verification { get; init; }

    /// <inheritdoc cref="CommitmentMade.Alternative"/>
    public Alternative? Alternative { get; init; }

    /// <summary>Overdue with partial delivery and no progress observed for this long is stalled.</summary>
    public const int StalledAfterDays = 365;

    /// <summary>
    /// The status on <paramref name="asOf"/> from what had been recorded by <paramref name="knownAt"/> (null: everything);
    /// null when the commitment had not been recorded yet, or not yet made on that day.
    /// </summary>
    public static CommitmentStatus? Of(CommitmentFacts facts, DateOnly asOf, DateTimeOffset? knownAt) =>
        knownAt < facts.RecordedAt || asOf < facts.MadeOn ? null
            : Of(facts, asOf, knownAt, ObservedFigures.Of(facts.Observations, asOf, knownAt));

    /// <summary>
    /// The same, with what the observations add already worked out (<paramref name="observed"/>, for the same day and
    /// moment): a stored row gives its status without holding its observations.
    /// </summary>
    public static CommitmentStatus? Of(CommitmentFacts facts, DateOnly asOf, DateTimeOffset? knownAt, ObservedFigures observed)
    {
        if (knownAt < facts.RecordedAt || asOf < facts.MadeOn) return null;
        bool Known(DateTimeOffset recordedAt) => knownAt is null || recordedAt <= knownAt;

        var revisions = facts.Revisions.Where(r => Known(r.RecordedAt) && r.EffectiveOn <= asOf).ToList();
        var target = revisions.Where(r => r.Target is not null).LatestBy(r => r.EffectiveOn, r => r.Sequence)?.Target!.Amount
            ?? facts.OriginalTarget.Amount;
        var dueOn = revisions.Where(r => r.DueOn is not null).LatestBy(r => r.EffectiveOn, r => r.Sequence)?.DueOn ?? facts.OriginalDueOn;
        var claimed = facts.Claims.Where(c => Known(c.RecordedAt) && c.AsOf <= asOf).LatestBy(c => c.AsOf, c => c.Sequence)?.Amount ?? 0m;
        var verified = observed.Verified ?? 0m;

        var withdrawal = facts.Withdrawal is { } w && Known(w.RecordedAt) && w.WithdrawnOn <= asOf ? w : null;
        var status = withdrawal is not null ? DeliveryStatus.Withdrawn
            : verified >= target ? DeliveryStatus.Delivered
            : dueOn < asOf ? DeliveryStatus.Overdue
            : claimed > 0 || verified > 0 ? DeliveryStatus.InProgress
            : DeliveryStatus.NotStarted;

        return new CommitmentStatus(
            facts.Id, facts.DealId, facts.Title, facts.Promisor, facts.Beneficiary, facts.Category, facts.Unit, facts.Binding,
            target, facts.OriginalTarget.Amount, claimed, verified,
            Gap: Math.Max(target - verified, 0m),
            OriginalGap: Math.Max(facts.OriginalTarget.Amount - verified, 0m),
            ClaimGap: Math.Max(claimed - verified, 0m),
            Fulfilment: target == 0 ? 1m : Math.Round(verified / target, 4),
            dueOn, facts.OriginalDueOn,
            DaysOverdue: status == DeliveryStatus.Overdue ? asOf.DayNumber - dueOn!.Value.DayNumber : 0,
            status,
            RatingOf(status, target, facts.OriginalTarget.Amount, verified, observed.LastProgressOn, asOf),
            revisions.Count,
            observed.LastObservedOn,
            observed.LastProgressOn,
            observed.Counts,
            withdrawal?.WithdrawnOn, asOf, knownAt, facts.VersionKnownAt(knownAt))
        {
            Verification = observed.Verification,
            Alternative = facts.Alternative,
        };
    }

    /// <summary>
    /// kept: delivered, and at least the original target; compromise: delivered against a reduced revised target only;
    /// broken: withdrawn, or overdue with nothing verified; stalled: overdue with partial delivery and no progress observed
    /// for <see cref="StalledAfterDays"/> days; in-the-works: in progress, or overdue with recent progress;
    /// not-yet-rated: not started and not yet due.
    /// </summary>
    public static Rating RatingOf(DeliveryStatus status, decimal target, decimal originalTarget, decimal verified, DateOnly? lastProgressOn, DateOnly asOf) =>
        status switch
        {
            DeliveryStatus.Withdrawn => Rating.Broken,
            DeliveryStatus.Delivered => target < originalTarget && verified < originalTarget ? Rating.Compromise : Rating.Kept,
            DeliveryStatus.Overdue when verified == 0 => Rating.Broken,
            DeliveryStatus.Overdue when lastProgressOn is null || lastProgressOn.Value.AddDays(StalledAfterDays) <= asOf => Rating.Stalled,
            DeliveryStatus.Overdue or DeliveryStatus.InProgress => Rating.InTheWorks,
            _ => Rating.NotYetRated,
        };
}

static class Latest
{
    /// <summary>The item with the greatest date; among equal dates, the one recorded last.</summary>
    public static T? LatestBy<T>(this IEnumerable<T> items, Func<T, DateOnly> date, Func<T, long> sequence) where T : class =>
        items.OrderBy(date).ThenBy(sequence).LastOrDefault();
}
