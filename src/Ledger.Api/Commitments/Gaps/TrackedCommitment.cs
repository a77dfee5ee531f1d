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
    /// <summary>The gap negated: one ascending index then serves the default order, each unit's largest gaps first.</summary>
    public decimal GapDescendingKey { get; set; }
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
    /// <summary>The latest instant anything about the commitment was recorded, decisions on its observations included.</summary>
    public DateTimeOffset? RecordedUntil { get; set; }
    /// <summary>The observations dated after the row's day (writers east of UTC), with their decisions.</summary>
    public IReadOnlyList<RecordedObservation> Ahead { get; set; } = [];
    /// <summary>What the accepted observations add up to on each day an accepted one of <see cref="Ahead"/> is dated.</summary>
    public IReadOnlyList<FiguresOnDay> AcceptedAhead { get; set; } = [];

    /// <summary>
    /// The status on <paramref name="day"/> (on or after the row's day) from the row alone, unless an observation dated
    /// after the row's day counts by then: then its observations must be read (<see cref="NeedsObservationsOn"/>).
    /// </summary>
    public CommitmentStatus? StatusOn(DateOnly day) => CommitmentStatus.Of(Facts, day, null, Observed);

    public bool NeedsObservationsOn(DateOnly day) => LaterObservedOn <= day;

    public static string KeyOf(string party) => party.Trim().ToLowerInvariant();

    /// <summary>The row of facts that hold every observation recorded about the commitment.</summary>
    public static TrackedCommitment From(CommitmentFacts facts)
    {
        var recordedUntil = LatestRecorded(facts);
        var day = DayOf(facts, recordedUntil);
        var ahead = facts.Observations.Where(o => o.ObservedOn > day).ToList();
        var acceptedAhead = ahead.Where(o => o.Decision == ModerationStatus.Accepted).Select(o => o.ObservedOn).Distinct().Order()
            .Select(on => new FiguresOnDay(on, ObservedFigures.Of(facts.Observations, on, knownAt: null).WithoutCounts())).ToList();
        return Row(facts, recordedUntil, ObservedFigures.Of(facts.Observations, day, knownAt: null), ahead, acceptedAhead,
            facts.Observations.Count);
    }

    /// <summary>
    /// The row after <paramref name="events"/> (in sequence order) from this row alone, without the observations recorded
    /// before them: without a decision, what the accepted observations add up to stays as it is, and submissions are
    /// pending, so they only count. What was dated after the row's day and is reached now is counted from
    /// <see cref="Ahead"/>, with the accepted figures of its day (<see cref="AcceptedAhead"/>). Null when a decision is
    /// among the events, or the row was written before it kept what this needs: its observations are folded again.
    /// </summary>
    public TrackedCommitment? Then(IReadOnlyList<IEvent> events)
    {
        if (RecordedUntil is not { } until || Facts.Observations.Count > 0 || events.Any(e => IsDecision(e.Data))) return null;
        var facts = CommitmentFacts.Fold(Facts, events)!;
        var submitted = facts.Observations;
        var recordedUntil = LatestRecorded(facts) is var latest && latest > until ? latest : until;
        var day = DayOf(facts, recordedUntil);
        var reached = Ahead.Concat(submitted).ToLookup(o => o.ObservedOn <= day);
        var figures = AcceptedAhead.LastOrDefault(f => f.On <= day)?.Figures ?? Observed;
        var observed = !reached[true].Any() && figures == Observed ? Observed
            : figures with { Counts = Observed.Counts.With(reached[true]) };
        return Row(facts, recordedUntil, observed, [.. reached[false]], [.. AcceptedAhead.Where(f => f.On > day)],
            ObservationsRecorded + submitted.Count);
    }

    public static bool IsDecision(object data) => data is ObservationAccepted or ObservationRejected;

    static TrackedCommitment Row(CommitmentFacts facts, DateTimeOffset recordedUntil, ObservedFigures observed,
        IReadOnlyList<RecordedObservation> ahead, IReadOnlyList<FiguresOnDay> acceptedAhead, int observationsRecorded)
    {
        var status = CommitmentStatus.Of(facts, DayOf(facts, recordedUntil), knownAt: null, observed)!;
        return new TrackedCommitment
        {
            Id = facts.Id, Facts = facts.Observations.Count == 0 ? facts : facts with { Observations = [] }, Observed = observed,
            LaterObservedOn = ahead.Min(o => (DateOnly?)o.ObservedOn), ObservationsRecorded = observationsRecorded,
            RecordedUntil = recordedUntil, Ahead = ahead, AcceptedAhead = acceptedAhead,
            DealId = facts.DealId, PromisorKey = KeyOf(facts.Promisor), Category = facts.Category,
            Unit = facts.Unit, Status = status.Status, Target = status.Target, OriginalTarget = status.OriginalTarget,
            Verified = status.Verified, Gap = status.Gap, GapDescendingKey = -status.Gap, Fulfilment = status.Fulfilment,
            DueOnKey = DueOnKeyOf(status.DueOn),
            ShortOfOriginal = status.Target < status.OriginalTarget && status.Verified < status.OriginalTarget,
            LastProgressKey = status.LastProgressOn?.DayNumber ?? 0, Verification = status.Verification,
        };
    }

    /// <summary>The row's day: never before the day the promise was made (a writer a day ahead of UTC may date it so).</summary>
    static DateOnly DayOf(CommitmentFacts facts, DateTimeOffset recordedUntil)
    {
        var recordedDay = DateOnly.FromDateTime(recordedUntil.UtcDateTime);
        return recordedDay < facts.MadeOn ? facts.MadeOn : recordedDay;
    }

    public static int DueOnKeyOf(DateOnly? dueOn) => dueOn?.DayNumber ?? int.MaxValue;

    static DateTimeOffset LatestRecorded(CommitmentFacts f) =>
        new[] { f.RecordedAt }
            .Concat(f.StreamEventTimes)
            .Concat(f.Observations.Select(o => o.DecidedAt ?? o.RecordedAt))
            .Max();
}

/// <summary>What the accepted observations add up to on one day, counts aside (the row counts every observation itself).</summary>
public sealed record FiguresOnDay(DateOnly On, ObservedFigures Figures);

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
    /// The commitments of the page whose rows cannot follow from the page alone (<see cref="TrackedCommitment.Then"/>):
    /// those with a decision on an observation, and rows written before they kept what it needs. They get the
    /// observation events recorded about them before the page (<see cref="PriorObservations"/>), and a mark that says so.
    /// Submissions alone read nothing more: the cost of a page does not grow with the observations before it.
    /// </summary>
    public override async Task EnrichEventsAsync(SliceGroup<TrackedCommitment, Guid> group, IQuerySession session, CancellationToken ct)
    {
        var slices = group.Slices.ToList();
        if (slices.Count == 0) return;
        var deciding = slices.Where(s => s.Events().Any(e => TrackedCommitment.IsDecision(e.Data))).Select(s => s.Id).ToHashSet();
        var refolding = deciding.Concat(await PriorObservations.RowsNotKeepingAheadAsync(
            session, [.. slices.Select(s => s.Id).Where(id => !deciding.Contains(id))], ct)).ToHashSet();
        if (refolding.Count == 0) return;
        var pageStart = slices.SelectMany(s => s.Events()).Min(e => e.Sequence);
        var prior = (await PriorObservations.ReadAsync(session, refolding, pageStart, ct)).ToLookup(ReadingFacts.CommitmentIdOf);
        foreach (var slice in slices.Where(s => refolding.Contains(s.Id)))
        {
            slice.Reference(PriorObservations.Folded);
            slice.AddEvents(prior[slice.Id]);
        }
    }

    /// <summary>
    /// From the row and the page, or from the facts folded again with the observations recorded before the page when
    /// those were read for it. Either way the row is the one a fold of every event would give (tracking_commitments).
    /// </summary>
    public override (TrackedCommitment?, ActionType) DetermineAction(TrackedCommitment? snapshot, Guid identity, IReadOnlyList<IEvent> events)
    {
        var ordered = events.OrderBy(e => e.Sequence).ToList();
        if (!ordered.Any(e => e.Data is References<PriorObservationsFolded>) && snapshot?.Then(ordered) is { } next)
            return (next, ActionType.Store);
        return CommitmentFacts.Fold(WithoutObservations(snapshot?.Facts), ordered) is { } facts
            ? (TrackedCommitment.From(facts), ActionType.Store) : (snapshot, ActionType.Nothing);
    }

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
        o.IndexTrackedCommitments();
        return o;
    }
}
