using Ledger.Infrastructure;
using Ledger.Measuring;

namespace Ledger.Commitments.Status;

/// <summary>How a unit's total was made: a plain sum, a range over alternative versions, or no total at all.</summary>
public enum UnitCounting { Sum, Range, PerCommitment }

/// <summary>
/// Promised vs claimed vs verified summed within one unit: kilometres are never added to dollars. Where alternative
/// versions of a list are in the unit, the figures are the low end of the range (each group at its smallest version) and
/// <see cref="UpTo"/> the high end; a unit that does not add up (percent, items) has no total, only its commitments.
/// </summary>
/// <param name="Capped">A sum reached decimal's largest value and stopped there: the figures are "at least" these. Input
/// amounts are bounded so that this cannot happen, but a stored event from before the bound must not break a page.</param>
public sealed record UnitScore(
    string Unit, decimal? Promised, decimal? OriginalPromised, decimal? Claimed, decimal? Verified, decimal? Gap,
    decimal? Fulfilment, int Commitments, bool Capped = false)
{
    public UnitCounting Counted { get; init; }

    /// <summary>The high end when <see cref="Counted"/> is a range: each alternative group at its largest version.</summary>
    public UnitFigures? UpTo { get; init; }

    /// <summary>Each group of alternatives in the unit, version by version, counted once in the figures.</summary>
    public IReadOnlyList<AlternativeTotals> Alternatives { get; init; } = Array.Empty<AlternativeTotals>();

    /// <summary>A unit that does not add up: each commitment's own figures, in place of a total.</summary>
    public IReadOnlyList<CommitmentFigures> PerCommitment { get; init; } = Array.Empty<CommitmentFigures>();

    /// <summary>
    /// Withdrawn commitments stay in what was promised (a withdrawn promise is a broken one). Fulfilment is
    /// (promised − gap) / promised, so one over-delivered item never hides another's shortfall. A group of alternatives
    /// is keyed by its deal and name, and a version with nothing in a unit counts 0 there.
    /// </summary>
    public static IReadOnlyList<UnitScore> PerUnit(IEnumerable<CommitmentStatus> statuses, UnitCatalogue? units = null)
    {
        units ??= UnitCatalogue.BuiltIn;
        var all = statuses.ToList();
        var versionsOf = all.Where(s => s.Alternative is not null).GroupBy(GroupOf)
            .ToDictionary(g => g.Key, g => g.Select(s => s.Alternative!.Version).Distinct().Order(StringComparer.Ordinal).ToList());
        return
        [
            .. all.GroupBy(s => s.Unit).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => units.IsAdditive(g.Key)
                ? Summed(g.Key, [.. g], versionsOf)
                : Listed(g.Key, [.. g])),
        ];
    }

    static (Guid Deal, string Group) GroupOf(CommitmentStatus s) => (s.DealId, s.Alternative!.Group);

    static UnitScore Summed(string unit, IReadOnlyList<CommitmentStatus> statuses, Dictionary<(Guid, string), List<string>> versionsOf)
    {
        var alternatives = statuses.Where(s => s.Alternative is not null).GroupBy(GroupOf).OrderBy(g => g.Key.Group, StringComparer.Ordinal)
            .Select(g => AlternativeTotals.Of(g.Key.Deal, g.Key.Group, versionsOf[g.Key], [.. g])).ToList();
        var single = statuses.Where(s => s.Alternative is null).ToList();
        var low = UnitFigures.Of([.. single, .. alternatives.SelectMany(a => a.Low)]);
        var high = UnitFigures.Of([.. single, .. alternatives.SelectMany(a => a.High)]);
        return new UnitScore(unit, low.Promised, low.OriginalPromised, low.Claimed, low.Verified, low.Gap, low.Fulfilment,
            statuses.Count, low.Capped || high.Capped)
        {
            Counted = alternatives.Count == 0 ? UnitCounting.Sum : UnitCounting.Range,
            UpTo = alternatives.Count == 0 ? null : high,
            // The shared empty list when there are none, so that two scores of equal figures are equal records.
            Alternatives = alternatives.Count == 0 ? Array.Empty<AlternativeTotals>() : alternatives,
        };
    }

    static UnitScore Listed(string unit, IReadOnlyList<CommitmentStatus> statuses) =>
        new(unit, null, null, null, null, null, null, statuses.Count)
        {
            Counted = UnitCounting.PerCommitment,
            PerCommitment = [.. statuses.OrderBy(s => s.Title, StringComparer.Ordinal).ThenBy(s => s.Id).Select(CommitmentFigures.Of)],
        };

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

/// <summary>The sums of a set of commitments in one unit.</summary>
public sealed record UnitFigures(
    decimal Promised, decimal OriginalPromised, decimal Claimed, decimal Verified, decimal Gap, decimal Fulfilment, int Commitments)
{
    [System.Text.Json.Serialization.JsonIgnore] public bool Capped { get; init; }

    public static UnitFigures Of(IReadOnlyCollection<CommitmentStatus> statuses)
    {
        var capped = false;
        decimal Sum(Func<CommitmentStatus, decimal> figure)
        {
            var (total, saturated) = UnitScore.SaturatingSum(statuses.Select(figure));
            capped |= saturated;
            return total;
        }
        var promised = Sum(s => s.Target);
        var gap = Sum(s => s.Gap);
        return new UnitFigures(promised, Sum(s => s.OriginalTarget), Sum(s => s.Claimed), Sum(s => s.Verified), gap,
            promised == 0 ? 1m : Math.Round((promised - gap) / promised, 4), statuses.Count) { Capped = capped };
    }
}

/// <summary>One version of a group of alternatives, summed within a unit.</summary>
public sealed record VersionTotals(string Version, UnitFigures Figures);

/// <summary>
/// A group of alternative versions within one unit: counted once, as the range from its smallest version
/// (<see cref="Min"/>) to its largest (<see cref="Max"/>), by what they promise; a tie goes to the first by name.
/// </summary>
public sealed record AlternativeTotals(
    Guid DealId, string Group, UnitCounting Counted, string Min, string Max, IReadOnlyList<VersionTotals> Versions)
{
    [System.Text.Json.Serialization.JsonIgnore] public IReadOnlyList<CommitmentStatus> Low { get; init; } = [];
    [System.Text.Json.Serialization.JsonIgnore] public IReadOnlyList<CommitmentStatus> High { get; init; } = [];

    public static AlternativeTotals Of(Guid dealId, string group, IReadOnlyList<string> versions, IReadOnlyList<CommitmentStatus> inUnit)
    {
        var byVersion = versions.Select(v => (Version: v, Statuses: inUnit.Where(s => s.Alternative!.Version == v).ToList()))
            .Select(v => (v.Version, v.Statuses, Figures: UnitFigures.Of(v.Statuses))).ToList();
        var min = byVersion.MinBy(v => v.Figures.Promised);
        var max = byVersion.MaxBy(v => v.Figures.Promised);
        return new AlternativeTotals(dealId, group, UnitCounting.Range, min.Version, max.Version,
            [.. byVersion.Select(v => new VersionTotals(v.Version, v.Figures))]) { Low = min.Statuses, High = max.Statuses };
    }
}

/// <summary>One commitment's figures where its unit has no total.</summary>
public sealed record CommitmentFigures(
    Guid Id, string Title, decimal Target, decimal Claimed, decimal Verified, decimal Gap, decimal Fulfilment, Alternative? Alternative)
{
    public static CommitmentFigures Of(CommitmentStatus s) =>
        new(s.Id, s.Title, s.Target, s.Claimed, s.Verified, s.Gap, s.Fulfilment, s.Alternative);
}
