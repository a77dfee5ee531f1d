using JasperFx.Events.Projections;

namespace Ledger.Infrastructure.Projections;

/// <summary>How much of the event log a projection takes in at once when it catches up or is rebuilt.</summary>
public static class ProjectionPaging
{
    /// <summary>
    /// Large pages (Marten's default is 500 events): each page costs round trips and a rewrite of every document it
    /// touches, so a projection that has fallen behind, or is being rebuilt, catches up in fewer, larger steps. A
    /// projection that is keeping up still gets the few events each poll finds. In a rebuild, documents are written
    /// once per flush window of this many documents rather than once per page.
    /// </summary>
    public static void InLargePages(AsyncOptions options)
    {
        options.BatchSize = 5_000;
        options.MaximumHopperSize = 10_000;
        options.RebuildFlushThreshold = 10_000;
    }
}
