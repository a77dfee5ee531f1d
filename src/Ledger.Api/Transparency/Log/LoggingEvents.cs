using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Marten.Services;
using Marten.Subscriptions;

namespace Ledger.Transparency.Log;

/// <summary>
/// Appends every event to the Merkle log as Marten's async daemon hands them over: one range at a time, strictly in sequence
/// order, after the daemon has waited out gaps left by transactions still in flight. The log is written in its own
/// transaction and is idempotent by sequence, so a range the daemon hands over twice (after a crash) is logged once.
/// </summary>
public sealed class LoggingEvents : SubscriptionBase
{
    readonly LogStore _log;

    public LoggingEvents(LogStore log)
    {
        _log = log;
        Name = "TransparencyLog";
    }

    public override async Task<IChangeListener> ProcessEventsAsync(
        EventRange page, ISubscriptionController controller, IDocumentOperations operations, CancellationToken ct)
    {
        // The whole range, read from the table: archived events and every type included, whatever the daemon's filters.
        await _log.AppendRangeAsync(page.SequenceFloor, page.SequenceCeiling, ct);
        return NothingToDo.Instance;
    }

    sealed class NothingToDo : IChangeListener
    {
        public static readonly NothingToDo Instance = new();
        public Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token) => Task.CompletedTask;
        public Task BeforeCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token) => Task.CompletedTask;
    }
}
