using JasperFx.Events;
using Ledger.Commitments;
using Ledger.Commitments.Facts;
using Ledger.Commitments.Gaps;
using Ledger.Deals;
using Ledger.Infrastructure.Writing;
using Ledger.Observations;

namespace Ledger.UnitTests.Support;

/// <summary>
/// Events as the store hands them back: each in its stream, with its global sequence and the instant the ledger recorded
/// it, so the pure folds and timelines can be fed without a database.
/// </summary>
sealed class EventLog
{
    readonly List<IEvent> _events = [];

    public IReadOnlyList<IEvent> Events => _events;

    public IEvent Record<T>(T data, DateTimeOffset recordedAt, string? recordedBy = null) where T : class
    {
        var streamId = StreamOf(data);
        var e = new Event<T>(data)
        {
            Id = Guid.CreateVersion7(),
            StreamId = streamId,
            Sequence = _events.Count + 1,
            Version = _events.Count(x => x.StreamId == streamId) + 1,
            Timestamp = recordedAt,
        };
        if (recordedBy is not null) e.SetHeader(EventAttribution.OrganizationNameHeader, recordedBy);
        _events.Add(e);
        return e;
    }

    /// <summary>The commitment's facts folded from every event logged, in sequence order.</summary>
    public CommitmentFacts Facts() => CommitmentFacts.FoldAll(_events) ?? throw new InvalidOperationException("No commitment was made");

    static Guid StreamOf(object data) => data switch
    {
        DealRegistered d => d.DealId,
        DealAmended d => d.DealId,
        AnnouncementRecorded a => a.DealId,
        CommitmentMade c => c.CommitmentId,
        CommitmentRevised r => r.CommitmentId,
        DeliveryClaimed c => c.CommitmentId,
        CommitmentWithdrawn w => w.CommitmentId,
        DeadlinePassed d => d.CommitmentId,
        ObservationSubmitted o => o.ObservationId,
        ObservationAccepted a => a.ObservationId,
        ObservationRejected r => r.ObservationId,
        _ => throw new ArgumentException($"No stream for {data.GetType().Name}"),
    };
}
