using Ledger.Commitments.Facts;

namespace Ledger.Observations.Corroborating;

/// <summary>
/// How far a commitment's accepted observations back each other: <c>unverified</c> (no accepted finding),
/// <c>single-source</c>, <c>corroborated</c> or <c>contested</c> (see <see cref="Corroboration"/>).
/// </summary>
public enum Verification { Unverified, SingleSource, Corroborated, Contested }

/// <summary>
/// The corroboration rule, over the accepted observations that count on a day as known at an instant (the same ones
/// <c>verified</c> reads), in observed order (observedOn, then submittedAt).
/// <list type="bullet">
/// <item>A <i>finding</i> is an accepted observation that takes a position: every assessment but unable-to-verify.</item>
/// <item>Two findings <i>agree</i> when their assessments are the same (strict: delivered and partially-delivered
/// disagree on whether the promise is complete) and, when both give an amount, the amounts differ by at most
/// <see cref="AmountTolerance"/> of the larger one.</item>
/// <item>Each organization stands by its latest finding: its earlier ones never corroborate or contest it.</item>
/// <item>The standing findings observed within <see cref="WindowDays"/> days before the latest of them are
/// <i>concurrent</i>; older ones describe an earlier state of the works and neither corroborate nor contest it.</item>
/// <item>Concurrent findings of one organization: single-source; of two or more, agreeing two by two: corroborated;
/// any two that disagree: contested.</item>
/// </list>
/// The tolerance and the window are constants, not settings: the gaps read model stores the verification, and a
/// setting changed under it would leave its rows disagreeing with the status until a rebuild.
/// </summary>
public static class Corroboration
{
    public const decimal AmountTolerance = 0.10m;
    public const int WindowDays = 90;

    public static bool IsFinding(RecordedObservation o) => o.Assessment != Assessment.UnableToVerify;

    public static bool Agree(RecordedObservation a, RecordedObservation b) =>
        a.Assessment == b.Assessment
        && (a.Amount is not { } x || b.Amount is not { } y || Math.Abs(x - y) <= AmountTolerance * Math.Max(Math.Abs(x), Math.Abs(y)));

    public static Verification Of(IReadOnlyList<RecordedObservation> acceptedInObservedOrder)
    {
        var standing = new Dictionary<Guid, RecordedObservation>();
        foreach (var o in acceptedInObservedOrder.Where(IsFinding)) standing[o.OrganizationId] = o;
        if (standing.Count == 0) return Verification.Unverified;
        var since = standing.Values.Max(o => o.ObservedOn).AddDays(-WindowDays);
        var concurrent = standing.Values.Where(o => o.ObservedOn >= since).ToList();
        if (concurrent.Count == 1) return Verification.SingleSource;
        for (var i = 0; i < concurrent.Count; i++)
            for (var j = i + 1; j < concurrent.Count; j++)
                if (!Agree(concurrent[i], concurrent[j])) return Verification.Contested;
        return Verification.Corroborated;
    }

    /// <summary>
    /// The verified amount, corroborated first: the amount of the latest finding with an amount that another
    /// organization's finding with an amount, observed within <see cref="WindowDays"/> days of it, agrees with (the
    /// later of the two); without one, the latest accepted amount, as when nothing is corroborated. Null: no amount.
    /// </summary>
    public static decimal? VerifiedAmount(IReadOnlyList<RecordedObservation> acceptedInObservedOrder) =>
        LatestCorroboratedAmount(acceptedInObservedOrder) ?? acceptedInObservedOrder.LastOrDefault(o => o.Amount is not null)?.Amount;

    static decimal? LatestCorroboratedAmount(IReadOnlyList<RecordedObservation> acceptedInObservedOrder)
    {
        var measured = acceptedInObservedOrder.Where(o => IsFinding(o) && o.Amount is not null).ToList();
        if (measured.Select(o => o.OrganizationId).Distinct().Take(2).Count() < 2) return null;
        // Latest first, each against the earlier ones in its window: agreement is symmetric, so a later partner was
        // already tried from its own side.
        for (var i = measured.Count - 1; i > 0; i--)
        {
            var since = measured[i].ObservedOn.AddDays(-WindowDays);
            for (var j = i - 1; j >= 0 && measured[j].ObservedOn >= since; j--)
                if (measured[j].OrganizationId != measured[i].OrganizationId && Agree(measured[i], measured[j])) return measured[i].Amount;
        }
        return null;
    }
}
