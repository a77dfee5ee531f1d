namespace Ledger.Sourcing;

/// <summary>How precisely a source dates its statement: one that says "March 2009" dates it to the month (as 2009-03-01).</summary>
public enum DatePrecision { Day, Month, Year }

public static class Dating
{
    /// <summary>
    /// How precisely a statement's sources date it: the finest any of them gives, a source that says nothing giving the
    /// day. Null for a day (or no source), so that only a coarser date carries a <c>datePrecision</c> beside it.
    /// </summary>
    public static DatePrecision? PrecisionOf(IReadOnlyList<Source> sources)
    {
        if (sources.Count == 0) return null;
        var finest = sources.Min(s => s.DatePrecision ?? DatePrecision.Day);
        return finest == DatePrecision.Day ? null : finest;
    }
}
