using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Ledger.Commitments.Facts;
using Ledger.Commitments.Status;
using Ledger.Infrastructure.Projections;
using Ledger.Observations;
using Ledger.Observations.Corroborating;
using Marten;
using JasperFx.Events.Grouping;
using Marten.Events.Projections;

namespace Ledger.Commitments.Gaps;

/// <summary>
/// One row per commitment for the queries that range over the whole ledger (gaps, party records): the commitment's
/// facts, plus its figures as of the date of the latest event about it, as indexed columns to filter and sort on.
/// Those figures depend on events alone (never on the clock), so a rebuild reproduces them exactly; deadlines move
/// them forward through <see cref="DeadlinePassed"/> events. The observations are not in the row (it would grow with
/// each, and be re-read and rewritten with all of them): only what they add up to (<see cref="Observed"/>); time
/// travel reads them from their own documents (<see cref="TrackedObservation"/>).
/// </summary>
public sealed class TrackedCommitment
{
    public Guid Id { get; set; }
    public CommitmentFacts Facts { get; set; } = null!;
    public Guid DealId { get; set; }
    public string PromisorKey { get; set; } = "";
    public string Category { get; set; } = "";
    public string Unit { get; set; } = "";
    public DeliveryStatus Status { get; set; }
    public decimal Target { get; set; }
    public decimal OriginalTarget { get; set; }
    public decimal Verified { get; set; }
    public decimal Gap { get; set; }
    public decimal Fulfilment { get; set; }
    /// <summary>The due date as a day number, commitments without one sorting after every dated one.</summary>
    public int DueOnKey { get; set; }
    /// <summary>Verified short of the original target (what separates a compromise from a promise kept).</summary>
    public bool ShortOfOriginal { get; set; }
    /// <summary>The day number of the last verified progress; 0 when none.</summary>
    public int LastProgressKey { get; set; }
    public Verification Verification { get; set; }
    /// <summary>What the observations add on the row's day (counts, verified amount, dates, corroboration).</summary>
    public ObservedFigures Observed { get; set; } = ObservedFigures.None;
    /// <summary>The first day after the row's day that an observation recorded here was observed on; null: none.</summary>
    public DateOnly? LaterObservedOn { get; set; }
    /// <summary>Every observation recorded about the commitment, whatever its date or decision.</summary>
    public int ObservationsRecorded { get; set; }

    /// <summary>
    /// The status on <paramref name="day"/> (on or after the row's day) from the row alone, unless an observation dated
    /// after the row's day counts by then: then its observations must be read (<see cref="NeedsObservationsOn"/>).
    /// </summary>
    public CommitmentStatus? StatusOn(DateOnly day) => CommitmentStatus.Of(Facts, day, null, Observed);

    public bool NeedsObservationsOn(DateOnly day) => LaterObservedOn <= day;

    public static string KeyOf(string party) => party.Trim().ToLowerInvariant();

    public static TrackedCommitment From(CommitmentFacts facts)
    {
        // Never before the day the promise was made (a date a day ahead of UTC is allowed for writers east of it).
        var recordedDay = DateOnly.FromDateTime(LatestRecorded(facts).UtcDateTime);
        var horizon = recordedDay < facts.MadeOn ? facts.MadeOn : recordedDay;
        var observed = ObservedFigures.Of(facts.Observations, horizon, knownAt: null);
        var status = CommitmentStatus.Of(facts, horizon, knownAt: null, observed)!;
        return new TrackedCommitment
        {
            Id = facts.Id, Facts = facts.Observations.Count == 0 ? facts : facts with { Observations = [] }, Observed = observed,
            LaterObservedOn = facts.Observations.Where(o => o.ObservedOn > horizon).Min(o => (DateOnly?)o.ObservedOn),
            ObservationsRecorded = facts.Observations.Count, DealId = facts.DealId, PromisorKey = KeyOf(facts.Promisor), Category = facts.Category,
            Unit = facts.Unit, Status = status.Status, Target = status.Target, OriginalTarget = status.OriginalTarget,
            Verified = status.Verified, Gap = status.Gap, Fulfilment = status.Fulfilment, DueOnKey = DueOnKeyOf(status.DueOn),
            ShortOfOriginal = status.Target < status.OriginalTarget && status.Verified < status.OriginalTarget,
            LastProgressKey = status.LastProgressOn?.DayNumber ?? 0, Verification = status.Verification,
        };
    }

    public static int DueOnKeyOf(DateOnly? dueOn) => dueOn?.DayNumber ?? int.MaxValue;

    static DateTimeOffset LatestRecorded(CommitmentFacts f) =>
        new[] { f.RecordedAt }
            .Concat(f.StreamEventTimes)
            .Concat(f.Observations.Select(o => o.DecidedAt ?? o.RecordedAt))
            .Max();
}

public sealed class TrackedCommitmentProjection : MultiStreamProjection<TrackedCommitment, Guid>
{
    public TrackedCommitmentProjection()
    {
        Identity<CommitmentMade>(e => e.CommitmentId);
        Identity<CommitmentRevised>(e => e.CommitmentId);
        Identity<DeliveryClaimed>(e => e.CommitmentId);
        Identity<CommitmentWithdrawn>(e => e.CommitmentId);
        Identity<DeadlinePassed>(e => e.CommitmentId);
        Identity<ObservationSubmitted>(e => e.CommitmentId);
        Identity<ObservationAccepted>(e => e.CommitmentId);
        Identity<ObservationRejected>(e => e.CommitmentId);
    }

    /// <summary>
    /// Each commitment of the page gets the observation events recorded about it before the page, which its row does not
    /// keep (<see cref="PriorObservations"/>): one indexed query for the page, a second only when some have any.
    /// </summary>
    public override async Task EnrichEventsAsync(SliceGroup<TrackedCommitment, Guid> group, IQuerySession session, CancellationToken ct)
    {
        var slices = group.Slices.ToList();
        if (slices.Count == 0) return;
        var pageStart = slices.SelectMany(s => s.Events()).Min(e => e.Sequence);
        var prior = await PriorObservations.ReadAsync(session, [.. slices.Select(s => s.Id)], pageStart, ct);
        foreach (var byCommitment in prior.GroupBy(ReadingFacts.CommitmentIdOf)) group.AddEvents(byCommitment.Key, byCommitment);
    }

    /// <summary>
    /// The whole slice at once: the facts fold the slice's events, after the observations recorded before them, in one
    /// pass, and the figures are computed once from the result (the same row as evolving event by event).
    /// </summary>
    public override (TrackedCommitment?, ActionType) DetermineAction(TrackedCommitment? snapshot, Guid identity, IReadOnlyList<IEvent> events) =>
        CommitmentFacts.Fold(WithoutObservations(snapshot?.Facts), [.. events.OrderBy(e => e.Sequence)]) is { } facts
            ? (TrackedCommitment.From(facts), ActionType.Store) : (snapshot, ActionType.Nothing);

    // A row written before observations left it still holds them: they are folded again from the events, not twice.
    static CommitmentFacts? WithoutObservations(CommitmentFacts? facts) =>
        facts is { Observations.Count: > 0 } ? facts with { Observations = [] } : facts;
}

public static class TrackingStore
{
    /// <summary>Async (multi-stream projections lose updates when inline under concurrency) and rebuildable.</summary>
    public static StoreOptions ConfigureTracking(this StoreOptions o)
    {
        o.Projections.Add<TrackedCommitmentProjection>(ProjectionLifecycle.Async, async =>
        {
            // Marten's page size (500), not a larger one: while a page is being applied, each new high-water mark
            // queues another small page until twice the page size is in flight, and each page rewrites every commitment
            // it touches, so a larger size means more small pages, not fewer, when the projection falls behind.
            async.RebuildFlushThreshold = ProjectionPaging.RebuildFlushThreshold;
            // A commitment under steady observation is in every page; keeping its row (filled only after a page commits)
            // saves reading back and parsing its ever longer facts each time. The cache lives and dies with the shard.
            async.CacheLimitPerTenant = 1_000;
        });
        // /api/gaps should show a write within half a second. Marten waits 1 s (not 250 ms) after a poll that found
        // nothing new *or* found the mark held behind an append still in flight, which is most polls under steady
        // writes; 100 / 250 ms cost one cheap query per poll. Gaps are still only skipped once no transaction that
        // could fill them is alive (Marten's transaction-evidence check), so no event can be passed over.
        o.ConfigureTrackedObservations();
        o.Storage.Add<ObservationSubmissionIndex>();
        o.KeepGapCounts();
        o.Events.IgnoreIndex(PriorObservations.SubmittedByCommitment);
        o.Projections.FastPollingTime = TimeSpan.FromMilliseconds(100);
        o.Projections.SlowPollingTime = TimeSpan.FromMilliseconds(250);
        // Indexes shaped by the gaps queries (docs/benchmarks.md, P3): a sort key with many ties (due dates, 0 % fulfilment)
        // is indexed with the id that breaks them, so ORDER BY key, id LIMIT n reads n rows instead of sorting every tie;
        // a party is indexed with its statuses, so "overdue commitments of X" does not intersect a party's rows with a
        // status matching half the ledger.
        o.Schema.For<TrackedCommitment>()
            .Duplicate(x => x.DealId).Duplicate(x => x.PromisorKey).Duplicate(x => x.Category).Duplicate(x => x.Unit)
            .Duplicate(x => x.Status).Duplicate(x => x.Gap).Duplicate(x => x.Fulfilment).Duplicate(x => x.DueOnKey)
            .Duplicate(x => x.Verified).Duplicate(x => x.ShortOfOriginal).Duplicate(x => x.LastProgressKey)
            .Duplicate(x => x.Verification)
            .Index([x => x.PromisorKey, x => x.Status], i => i.Name = "mt_doc_trackedcommitment_idx_party_status")
            .Index([x => x.Fulfilment, x => x.Id], i => i.Name = "mt_doc_trackedcommitment_idx_fulfilment_id")
            .Index([x => x.DueOnKey, x => x.Id], i => i.Name = "mt_doc_trackedcommitment_idx_due_on_key_id");
        return o;
    }
}
