using Ledger.Infrastructure;
using Ledger.TimeTravel;

namespace Ledger.Commitments.Status;

/// <summary>Promised vs claimed vs verified summed within one unit: kilometres are never added to dollars.</summary>
/// <param name="Capped">A sum reached decimal's largest value and stopped there: the figures are "at least" these. Input
/// amounts are bounded so that this cannot happen, but a stored event from before the bound must not break a page.</param>
public sealed record UnitScore(
    string Unit, decimal Promised, decimal OriginalPromised, decimal Claimed, decimal Verified, decimal Gap,
    decimal Fulfilment, int Commitments, bool Capped = false)
{
    /// <summary>
    /// Withdrawn commitments stay in what was promised (a withdrawn promise is a broken one). Fulfilment is
    /// (promised − gap) / promised, so one over-delivered item never hides another's shortfall.
    /// </summary>
    public static IReadOnlyList<UnitScore> PerUnit(IEnumerable<CommitmentStatus> statuses) =>
    [
        .. statuses.GroupBy(s => s.Unit).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
        {
            var capped = false;
            decimal Sum(Func<CommitmentStatus, decimal> figure)
            {
                var (total, saturated) = SaturatingSum(g.Select(figure));
                capped |= saturated;
                return total;
            }
            var promised = Sum(s => s.Target);
            var gap = Sum(s => s.Gap);
            return new UnitScore(g.Key, promised, Sum(s => s.OriginalTarget), Sum(s => s.Claimed), Sum(s => s.Verified),
                gap, promised == 0 ? 1m : Math.Round((promised - gap) / promised, 4), g.Count(), capped);
        }),
    ];

    /// <summary>The sum of the figures, stopping at decimal's largest (or smallest) value instead of overflowing.</summary>
    public static (decimal Total, bool Saturated) SaturatingSum(IEnumerable<decimal> figures)
    {
        var total = 0m;
        foreach (var figure in figures)
        {
            try { total += figure; } // decimal arithmetic is always checked
            catch (OverflowException) { return (figure > 0 ? decimal.MaxValue : decimal.MinValue, true); }
        }
        return (total, false);
    }

    /// <summary>Every value of the enum as a key (zero counts included), spelt as the API spells it.</summary>
    public static IReadOnlyDictionary<string, int> CountBy<T>(IReadOnlyCollection<CommitmentStatus> statuses, Func<CommitmentStatus, T> key)
        where T : struct, Enum =>
        Enum.GetValues<T>().ToDictionary(Names.Of, value => statuses.Count(s => EqualityComparer<T>.Default.Equals(key(s), value)));
}
