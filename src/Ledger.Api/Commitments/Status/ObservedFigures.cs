using Ledger.Commitments.Facts;
using Ledger.Observations;
using Ledger.Observations.Corroborating;

namespace Ledger.Commitments.Status;

/// <summary>
/// What a commitment's observations add to its status on one day, as known at one moment: the figures a stored row keeps
/// in place of the observations themselves.
/// </summary>
public sealed record ObservedFigures(
    ObservationCounts Counts, decimal? Verified, DateOnly? LastObservedOn, DateOnly? LastProgressOn, Verification Verification)
{
    public static readonly ObservedFigures None = new(new ObservationCounts(0, 0, 0), null, null, null, Verification.Unverified);

    /// <summary>From the observations recorded by <paramref name="knownAt"/> (null: all) and observed by <paramref name="asOf"/>.</summary>
    public static ObservedFigures Of(IEnumerable<RecordedObservation> recorded, DateOnly asOf, DateTimeOffset? knownAt)
    {
        var observations = recorded.Where(o => (knownAt is null || o.RecordedAt <= knownAt) && o.ObservedOn <= asOf)
            .Select(o => (Observation: o, Status: o.StatusKnownAt(knownAt))).ToList();
        if (observations.Count == 0) return None;
        var accepted = observations.Where(o => o.Status == ModerationStatus.Accepted).Select(o => o.Observation)
            .OrderBy(o => o.ObservedOn).ThenBy(o => o.SubmittedAt).ToList();
        return new ObservedFigures(
            new ObservationCounts(accepted.Count, observations.Count(o => o.Status == ModerationStatus.Pending),
                observations.Count(o => o.Status == ModerationStatus.Rejected)),
            Corroboration.VerifiedAmount(accepted),
            accepted.Count == 0 ? null : accepted.Max(o => o.ObservedOn),
            LastProgress(accepted),
            Corroboration.Of(accepted));
    }

    /// <summary>The figures without the counts, which a caller keeps itself.</summary>
    public ObservedFigures WithoutCounts() => this with { Counts = None.Counts };

    /// <summary>The date the verified amount last rose: the observation that first showed the highest amount so far.</summary>
    static DateOnly? LastProgress(IEnumerable<RecordedObservation> acceptedInObservedOrder)
    {
        DateOnly? last = null;
        var best = 0m;
        foreach (var o in acceptedInObservedOrder)
            if (o.Amount is { } amount && amount > best) (best, last) = (amount, o.ObservedOn);
        return last;
    }
}
