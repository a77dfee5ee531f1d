using Ledger.Infrastructure;
using Ledger.TimeTravel;

namespace Ledger.Commitments.Status;

/// <summary>Promised vs claimed vs verified summed within one unit: kilometres are never added to dollars.</summary>
public sealed record UnitScore(
    string Unit, decimal Promised, decimal OriginalPromised, decimal Claimed, decimal Verified, decimal Gap, decimal Fulfilment, int Commitments)
{
    /// <summary>
    /// Withdrawn commitments stay in what was promised (a withdrawn promise is a broken one). Fulfilment is
    /// (promised − gap) / promised, so one over-delivered item never hides another's shortfall.
    /// </summary>
    public static IReadOnlyList<UnitScore> PerUnit(IEnumerable<CommitmentStatus> statuses) =>
    [
        .. statuses.GroupBy(s => s.Unit).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
        {
            var promised = g.Sum(s => s.Target);
            var gap = g.Sum(s => s.Gap);
            return new UnitScore(g.Key, promised, g.Sum(s => s.OriginalTarget), g.Sum(s => s.Claimed), g.Sum(s => s.Verified), gap,
                promised == 0 ? 1m : Math.Round((promised - gap) / promised, 4), g.Count());
        }),
    ];

    /// <summary>Every value of the enum as a key (zero counts included), spelt as the API spells it.</summary>
    public static IReadOnlyDictionary<string, int> CountBy<T>(IReadOnlyCollection<CommitmentStatus> statuses, Func<CommitmentStatus, T> key)
        where T : struct, Enum =>
        Enum.GetValues<T>().ToDictionary(Names.Of, value => statuses.Count(s => EqualityComparer<T>.Default.Equals(key(s), value)));
}
