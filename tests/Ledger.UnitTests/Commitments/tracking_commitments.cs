using JasperFx.Events;
using JasperFx.Events.Daemon;
using Ledger.Commitments;
using Ledger.Commitments.CheckingDeadlines;
using Ledger.Commitments.Facts;
using Ledger.Commitments.Gaps;
using Ledger.Commitments.Status;
using Ledger.Observations;
using Ledger.Observations.Corroborating;
using Ledger.UnitTests.Support;
using static Ledger.UnitTests.Support.Recorded;

namespace Ledger.UnitTests.Commitments;

/// <summary>The stored row behind gaps and party records: figures as of the day of the latest recorded event, never of the clock.</summary>
public class tracking_commitments
{
    static readonly DateOnly DueOn = new(2024, 6, 30);

    static EventLog Made(DateOnly? dueOn = null, bool noDueDate = false)
    {
        var log = new EventLog();
        log.Record(RoadsMade(dueOn: dueOn ?? DueOn, noDueDate: noDueDate), At(2024, 1, 10));
        return log;
    }

    /// <summary>When the ledger's own deadline check runs.</summary>
    static DateTimeOffset CheckedAt(DateOnly dueOn) => new CheckDeadline(Given.CommitmentId, dueOn).CheckAt;

    static object Figures(TrackedCommitment t) => (t.Id, t.DealId, t.PromisorKey, t.Category, t.Unit, t.Status, t.Target, t.OriginalTarget,
        t.Verified, t.Gap, t.Fulfilment, t.DueOnKey, t.ShortOfOriginal, t.LastProgressKey);

    [Fact]
    public void a_commitment_recorded_before_its_due_date_is_stored_as_not_started()
    {
        var row = TrackedCommitment.From(Made().Facts());

        Assert.Equal(DeliveryStatus.NotStarted, row.Status);
        Assert.Equal((100m, 100m, 0m, 100m, 0m), (row.Target, row.OriginalTarget, row.Verified, row.Gap, row.Fulfilment));
        Assert.Equal(DueOn.DayNumber, row.DueOnKey);
        Assert.False(row.ShortOfOriginal);
        Assert.Equal(0, row.LastProgressKey);
    }

    [Fact]
    public void the_deadline_passed_event_makes_the_stored_row_overdue()
    {
        var log = Made();
        log.Record(new DeadlinePassed(Given.CommitmentId, DueOn, 100m, 0m), CheckedAt(DueOn));

        Assert.Equal(DeliveryStatus.Overdue, TrackedCommitment.From(log.Facts()).Status);
    }

    [Fact]
    public void the_day_of_the_latest_event_is_the_utc_day()
    {
        var log = Made();
        log.Record(Given.Claimed(10m, DueOn), new DateTimeOffset(2024, 6, 30, 23, 0, 0, TimeSpan.FromHours(-5)));

        Assert.Equal(DeliveryStatus.Overdue, TrackedCommitment.From(log.Facts()).Status);
    }

    [Fact]
    public void an_event_recorded_on_the_due_date_leaves_it_not_yet_overdue()
    {
        var log = Made();
        log.Record(Given.Claimed(10m, DueOn), At(2024, 6, 30, hour: 23));

        Assert.Equal(DeliveryStatus.InProgress, TrackedCommitment.From(log.Facts()).Status);
    }

    [Fact]
    public void an_acceptance_moves_the_stored_figures_to_its_day()
    {
        var log = Made(dueOn: new DateOnly(2030, 1, 1));
        var seen = Submitted(new DateOnly(2024, 1, 20), 40m, At(2024, 2, 1));
        log.Record(seen, At(2024, 2, 1));

        var pending = TrackedCommitment.From(log.Facts());
        log.Record(Accepted(seen, new DateOnly(2024, 2, 5)), At(2024, 2, 5));
        var accepted = TrackedCommitment.From(log.Facts());

        Assert.Equal((DeliveryStatus.NotStarted, 0m), (pending.Status, pending.Verified));
        Assert.Equal((DeliveryStatus.InProgress, 40m, 60m, 0.4m), (accepted.Status, accepted.Verified, accepted.Gap, accepted.Fulfilment));
        Assert.Equal(new DateOnly(2024, 1, 20).DayNumber, accepted.LastProgressKey);
    }

    [Fact]
    public void a_revision_in_force_after_the_latest_event_is_not_stored_until_a_later_event()
    {
        var log = Made();
        log.Record(Given.Revised(new DateOnly(2024, 9, 1), km: 60m), At(2024, 2, 1));
        var before = TrackedCommitment.From(log.Facts());
        log.Record(Given.Claimed(20m, new DateOnly(2024, 9, 1)), At(2024, 9, 2));
        var after = TrackedCommitment.From(log.Facts());

        Assert.Equal((100m, false), (before.Target, before.ShortOfOriginal));
        Assert.Equal((60m, true, 100m), (after.Target, after.ShortOfOriginal, after.OriginalTarget));
    }

    [Fact]
    public void the_row_keeps_the_facts_and_the_keys_to_filter_on()
    {
        var log = new EventLog();
        log.Record(RoadsMade() with { Promisor = "  China Railway GROUP " }, At(2024, 1, 10));
        var facts = log.Facts();

        var row = TrackedCommitment.From(facts);

        Assert.Same(facts, row.Facts);
        Assert.Equal((Given.CommitmentId, Given.DealId, "china railway group", "roads", "km"), (row.Id, row.DealId, row.PromisorKey, row.Category, row.Unit));
        Assert.Equal("china railway group", TrackedCommitment.KeyOf("China Railway Group"));
    }

    [Fact]
    public void a_commitment_without_a_due_date_sorts_after_every_dated_one()
    {
        Assert.Equal(int.MaxValue, TrackedCommitment.From(Made(noDueDate: true).Facts()).DueOnKey);
        Assert.Equal(int.MaxValue, TrackedCommitment.DueOnKeyOf(null));
        Assert.True(TrackedCommitment.DueOnKeyOf(DateOnly.MaxValue) < TrackedCommitment.DueOnKeyOf(null));
    }

    [Fact]
    public void the_same_facts_store_the_same_figures()
    {
        var log = Made();
        log.Record(Given.Revised(new DateOnly(2024, 3, 1), km: 80m), At(2024, 3, 2));
        var seen = Submitted(new DateOnly(2024, 4, 1), 30m, At(2024, 4, 2));
        log.Record(seen, At(2024, 4, 2));
        log.Record(Accepted(seen, new DateOnly(2024, 4, 3)), At(2024, 4, 3));
        log.Record(new DeadlinePassed(Given.CommitmentId, DueOn, 80m, 30m), CheckedAt(DueOn));
        var reordered = CommitmentFacts.FoldAll(log.Events.Reverse())!;

        Assert.Equal(Figures(TrackedCommitment.From(log.Facts())), Figures(TrackedCommitment.From(log.Facts())));
        Assert.Equal(Figures(TrackedCommitment.From(log.Facts())), Figures(TrackedCommitment.From(reordered)));
        var row = TrackedCommitment.From(reordered);
        Assert.Equal((DeliveryStatus.Overdue, 80m, 50m, true), (row.Status, row.Target, row.Gap, row.ShortOfOriginal));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(100)]
    public void the_projection_reaches_the_same_row_whatever_slices_the_events_come_in(int sliceSize)
    {
        var log = new EventLog();
        log.Record(Given.Claimed(5m, new DateOnly(2023, 1, 1)), At(2023, 1, 2));
        log.Record(RoadsMade(dueOn: DueOn), At(2024, 1, 10));
        log.Record(Given.Claimed(20m, new DateOnly(2024, 2, 1)), At(2024, 2, 2));
        var seen = Submitted(new DateOnly(2024, 3, 1), 10m, At(2024, 3, 2));
        log.Record(seen, At(2024, 3, 2));
        log.Record(Accepted(seen, new DateOnly(2024, 3, 3)), At(2024, 3, 3));
        log.Record(new DeadlinePassed(Given.CommitmentId, DueOn, 100m, 10m), CheckedAt(DueOn));
        var projection = new TrackedCommitmentProjection();

        TrackedCommitment? row = null;
        var folded = 0;
        foreach (var slice in log.Events.Chunk(sliceSize))
        {
            // As the projection's enrichment hands them over: the slice, then (with a decision in it) the observation
            // events recorded before it, and the mark that says they are there.
            IEvent[] before = slice.Any(e => TrackedCommitment.IsDecision(e.Data))
                ? [new Event<References<PriorObservationsFolded>>(new(PriorObservations.Folded)), .. log.Events.Take(folded)
                    .Where(e => e.Data is ObservationSubmitted or ObservationAccepted or ObservationRejected)]
                : [];
            (row, _) = projection.DetermineAction(row, Given.CommitmentId, [.. slice, .. before]);
            folded += slice.Length;
        }

        Assert.NotNull(row);
        var whole = TrackedCommitment.From(CommitmentFacts.FoldAll(log.Events)!);
        Assert.Equal(Figures(whole), Figures(row));
        Assert.Equal((whole.Observed, 1), (row.Observed, row.ObservationsRecorded));
        Assert.Empty(row.Facts.Observations);
    }

    [Fact]
    public void the_row_keeps_what_its_observations_add_up_to_and_gives_todays_status_without_them()
    {
        var log = Made(dueOn: new DateOnly(2030, 1, 1));
        var first = Submitted(new DateOnly(2024, 3, 1), 30m, At(2024, 3, 2));
        var second = Submitted(new DateOnly(2024, 4, 1), 45m, At(2024, 4, 2)) with { OrganizationId = Guid.CreateVersion7() };
        var third = Submitted(new DateOnly(2024, 4, 20), 90m, At(2024, 4, 21));
        var pending = Submitted(new DateOnly(2024, 5, 1), 50m, At(2024, 5, 2));
        foreach (var o in new[] { first, second, third, pending }) log.Record(o, o.SubmittedAt);
        log.Record(Accepted(first, new DateOnly(2024, 5, 3)), At(2024, 5, 3));
        log.Record(Accepted(second, new DateOnly(2024, 5, 3)), At(2024, 5, 3));
        log.Record(Rejected(third, new DateOnly(2024, 5, 3)), At(2024, 5, 3));
        var facts = log.Facts();

        var row = TrackedCommitment.From(facts);

        Assert.Empty(row.Facts.Observations);
        Assert.Equal((4, new ObservationCounts(2, 1, 1)), (row.ObservationsRecorded, row.Observed.Counts));
        foreach (var day in new[] { new DateOnly(2024, 5, 3), new DateOnly(2025, 6, 15), new DateOnly(2031, 1, 1) })
        {
            Assert.False(row.NeedsObservationsOn(day));
            Assert.Equal(CommitmentStatus.Of(facts, day, null), row.StatusOn(day));
        }
        Assert.Equal((45m, Verification.Contested), (row.StatusOn(new DateOnly(2025, 6, 15))!.Verified, row.Verification));
    }

    [Fact]
    public void a_row_stored_while_rows_still_held_their_observations_counts_each_observation_once()
    {
        var log = Made(dueOn: new DateOnly(2030, 1, 1));
        var seen = Submitted(new DateOnly(2024, 3, 1), 30m, At(2024, 3, 2));
        log.Record(seen, At(2024, 3, 2));
        var accepted = log.Record(Accepted(seen, new DateOnly(2024, 3, 3)), At(2024, 3, 3));
        var stored = TrackedCommitment.From(log.Facts());
        stored.Facts = log.Facts();
        var later = log.Record(Submitted(new DateOnly(2024, 4, 1), 40m, At(2024, 4, 2)), At(2024, 4, 2));

        var (row, _) = new TrackedCommitmentProjection().DetermineAction(stored, Given.CommitmentId, [later, log.Events[1], accepted]);

        Assert.Equal((2, new ObservationCounts(1, 1, 0), 30m), (row!.ObservationsRecorded, row.Observed.Counts, row.Verified));
    }

    [Fact]
    public void an_observation_dated_after_the_rows_day_makes_the_row_ask_for_its_observations_from_that_day()
    {
        var log = Made(dueOn: new DateOnly(2030, 1, 1));
        // Recorded late on 2 March UTC by a writer for whom it is already 3 March.
        var ahead = Submitted(new DateOnly(2024, 3, 3), 30m, At(2024, 3, 2, hour: 23));
        log.Record(ahead, At(2024, 3, 2, hour: 23));
        log.Record(Accepted(ahead, new DateOnly(2024, 3, 2)), At(2024, 3, 2, hour: 23));

        var row = TrackedCommitment.From(log.Facts());

        Assert.Equal((0m, new DateOnly(2024, 3, 3)), (row.Verified, row.LaterObservedOn));
        Assert.False(row.NeedsObservationsOn(new DateOnly(2024, 3, 2)));
        Assert.True(row.NeedsObservationsOn(new DateOnly(2024, 3, 3)));
        Assert.Equal(30m, CommitmentStatus.Of(log.Facts(), new DateOnly(2024, 3, 3), null)!.Verified);
    }

    [Fact]
    public void events_before_the_commitment_was_made_store_no_row()
    {
        var log = new EventLog();
        var early = log.Record(Given.Claimed(5m, new DateOnly(2023, 1, 1)), At(2023, 1, 2));

        Assert.Equal(((TrackedCommitment?)null, ActionType.Nothing), new TrackedCommitmentProjection().DetermineAction(null, Given.CommitmentId, [early]));
    }
}
