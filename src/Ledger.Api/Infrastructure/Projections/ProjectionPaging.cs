using JasperFx.Events.Projections;

namespace Ledger.Infrastructure.Projections;

/// <summary>How much of the event log a projection takes in at once when it catches up or is rebuilt.</summary>
public static class ProjectionPaging
{
    /// <summary>
    /// For inline snapshots, whose pages only matter in a rebuild: large pages (Marten's default is 500 events), each
    /// page costing round trips, and documents written once per flush window rather than once per page.
    /// </summary>
    public static void InLargePages(AsyncOptions options)
    {
        options.BatchSize = 5_000;
        options.MaximumHopperSize = 10_000;
        options.RebuildFlushThreshold = RebuildFlushThreshold;
    }

    /// <summary>In a rebuild, documents are buffered in memory and written once per this many distinct documents.</summary>
    public const int RebuildFlushThreshold = 10_000;
}
