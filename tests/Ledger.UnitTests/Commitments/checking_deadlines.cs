using Ledger.Commitments;
using Ledger.Commitments.CheckingDeadlines;
using Ledger.Commitments.Facts;
using Ledger.Commitments.Gaps;
using Ledger.Observations;
using Ledger.UnitTests.Support;
using Wolverine;

namespace Ledger.UnitTests.Commitments;

public class checking_deadlines
{
    static readonly DateOnly DueOn = new(2024, 12, 31);
    static readonly CheckDeadline Check = new(Given.CommitmentId, DueOn);

    static CommitmentFacts FactsOf(Commitment commitment, params Observation[] observations) => Given.FactsOf(commitment, observations);

    static Commitment Roads() => Given.Roads(dueOn: DueOn);

    [Fact]
    public void the_check_is_at_midnight_utc_the_day_after_the_due_date()
    {
        Assert.Equal(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero), Check.CheckAt);
        Assert.Equal(TimeSpan.Zero, Check.CheckAt.Offset);
        Assert.Equal(new DateTimeOffset(2024, 3, 1, 0, 0, 0, TimeSpan.Zero), new CheckDeadline(Given.CommitmentId, new DateOnly(2024, 2, 29)).CheckAt);
    }

    [Fact]
    public void undelivered_on_the_due_date_the_deadline_passed_with_the_target_and_what_was_verified() =>
        Assert.Equal(new DeadlinePassed(Given.CommitmentId, DueOn, 100m, 30m),
            CheckDeadlineHandler.Decide(FactsOf(Roads(), Given.Observed(DueOn.AddMonths(-1), 30m)), Check));

    [Fact]
    public void nothing_verified_is_a_deadline_passed_with_nothing_verified() =>
        Assert.Equal(new DeadlinePassed(Given.CommitmentId, DueOn, 100m, 0m),
            CheckDeadlineHandler.Decide(FactsOf(Roads().Apply(Given.Claimed(100m, DueOn)), Given.Observed(DueOn, 90m, ModerationStatus.Pending)), Check));

    [Fact]
    public void the_target_is_the_one_in_force_on_the_due_date() =>
        Assert.Equal(new DeadlinePassed(Given.CommitmentId, DueOn, 80m, 30m),
            CheckDeadlineHandler.Decide(FactsOf(Roads().Apply(Given.Revised(DueOn.AddYears(-1), km: 80m)), Given.Observed(DueOn, 30m)), Check));

    [Fact]
    public void delivered_in_time_passes_no_deadline()
    {
        Assert.Null(CheckDeadlineHandler.Decide(FactsOf(Roads(), Given.Observed(DueOn, 100m)), Check));
        Assert.Null(CheckDeadlineHandler.Decide(FactsOf(Roads(), Given.Observed(DueOn.AddMonths(-6), 120m)), Check));
    }

    [Fact]
    public void delivery_seen_the_day_after_the_due_date_came_too_late() =>
        Assert.Equal(new DeadlinePassed(Given.CommitmentId, DueOn, 100m, 0m),
            CheckDeadlineHandler.Decide(FactsOf(Roads(), Given.Observed(DueOn.AddDays(1), 100m)), Check));

    [Fact]
    public void delivery_seen_after_the_check_day_does_not_undo_the_deadline() =>
        Assert.NotNull(CheckDeadlineHandler.Decide(FactsOf(Roads(), Given.Observed(DueOn.AddDays(2), 100m)), Check));

    [Fact]
    public void a_deadline_already_passed_for_that_date_is_not_passed_again()
    {
        var facts = FactsOf(Roads()) with { DeadlinesPassed = [new RecordedDeadline(DueOn, Given.Now)] };

        Assert.Null(CheckDeadlineHandler.Decide(facts, Check));
    }

    [Fact]
    public void a_deadline_passed_for_another_date_does_not_stop_this_one()
    {
        var earlier = DueOn.AddYears(-1);
        var commitment = Given.Roads(dueOn: earlier).Apply(Given.Revised(earlier.AddDays(10), dueOn: DueOn));
        var facts = FactsOf(commitment) with { DeadlinesPassed = [new RecordedDeadline(earlier, Given.Now)] };

        Assert.Equal(new DeadlinePassed(Given.CommitmentId, DueOn, 100m, 0m), CheckDeadlineHandler.Decide(facts, Check));
        Assert.Null(CheckDeadlineHandler.Decide(facts, new CheckDeadline(Given.CommitmentId, earlier)));
    }

    [Fact]
    public void a_due_date_moved_by_a_revision_in_force_before_the_check_passes_no_deadline_for_the_old_date()
    {
        var facts = FactsOf(Roads().Apply(Given.Revised(DueOn.AddDays(-5), dueOn: DueOn.AddYears(1))));

        Assert.Null(CheckDeadlineHandler.Decide(facts, Check));
    }

    [Fact]
    public void a_due_date_brought_forward_passes_no_deadline_for_the_old_date() =>
        Assert.Null(CheckDeadlineHandler.Decide(FactsOf(Roads().Apply(Given.Revised(DueOn.AddMonths(-6), dueOn: DueOn.AddMonths(-3)))), Check));

    [Fact]
    public void a_revision_in_force_only_after_the_check_day_does_not_save_the_old_date() =>
        Assert.Equal(new DeadlinePassed(Given.CommitmentId, DueOn, 100m, 0m),
            CheckDeadlineHandler.Decide(FactsOf(Roads().Apply(Given.Revised(DueOn.AddDays(10), dueOn: DueOn.AddYears(1)))), Check));

    [Fact]
    public void a_withdrawn_commitment_passes_no_deadline() =>
        Assert.Null(CheckDeadlineHandler.Decide(
            FactsOf(Roads().Apply(new CommitmentWithdrawn(Given.CommitmentId, DueOn.AddMonths(-1), "Abandoned", [Given.Source()]))), Check));

    [Fact]
    public void a_withdrawal_after_the_check_day_does_not_undo_the_deadline() =>
        Assert.NotNull(CheckDeadlineHandler.Decide(
            FactsOf(Roads().Apply(new CommitmentWithdrawn(Given.CommitmentId, DueOn.AddDays(5), "Abandoned", [Given.Source()]))), Check));

    [Fact]
    public void a_check_for_a_date_that_was_never_due_passes_nothing()
    {
        Assert.Null(CheckDeadlineHandler.Decide(FactsOf(Roads()), new CheckDeadline(Given.CommitmentId, DueOn.AddDays(-1))));
        Assert.Null(CheckDeadlineHandler.Decide(FactsOf(Given.Roads(noDueDate: true)), Check));
    }

    // The day before the check is due, and the check's own instant.
    static readonly FixedClock Before = new(Check.CheckAt.AddDays(-1));
    static readonly FixedClock OnTheDay = new(Check.CheckAt);

    [Fact]
    public void making_a_commitment_with_a_due_date_to_come_schedules_its_check()
    {
        var scheduled = Assert.IsType<ScheduledMessage<CheckDeadline>>(
            DeadlineSchedulingHandler.Handle(Given.RoadsPromised(dueOn: DueOn), Before));

        Assert.Equal(Check, scheduled.Message);
        Assert.Equal(Check.CheckAt, scheduled.Options!.ScheduledTime);
    }

    [Fact]
    public void a_due_date_whose_check_time_has_come_is_checked_at_once_not_scheduled()
    {
        Assert.Equal(Check, DeadlineSchedulingHandler.Handle(Given.RoadsPromised(dueOn: DueOn), OnTheDay));
        Assert.Equal(Check, DeadlineSchedulingHandler.Handle(Given.RoadsPromised(dueOn: DueOn),
            new FixedClock(Check.CheckAt.AddYears(3)))); // an import of an old deal
    }

    [Fact]
    public void revising_the_due_date_schedules_a_check_of_the_new_date()
    {
        var revised = Given.Revised(DueOn.AddMonths(-1), dueOn: DueOn.AddYears(1));

        var scheduled = Assert.IsType<ScheduledMessage<CheckDeadline>>(
            DeadlineSchedulingHandler.Handle(revised, OnTheDay));

        Assert.Equal(new CheckDeadline(Given.CommitmentId, DueOn.AddYears(1)), scheduled.Message);
    }

    [Fact]
    public void revising_to_a_due_date_already_past_checks_it_at_once()
    {
        var revised = Given.Revised(DueOn.AddMonths(-1), dueOn: DueOn);

        Assert.Equal(Check, DeadlineSchedulingHandler.Handle(revised, new FixedClock(Check.CheckAt.AddDays(10))));
    }

    [Fact]
    public void without_a_due_date_nothing_is_scheduled()
    {
        Assert.Null(DeadlineSchedulingHandler.Handle(Given.RoadsPromised() with { DueOn = null }, OnTheDay));
        Assert.Null(DeadlineSchedulingHandler.Handle(Given.Revised(DueOn, km: 50m), OnTheDay));
    }
}
