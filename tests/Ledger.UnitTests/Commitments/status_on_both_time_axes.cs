using System.Globalization;
using Ledger.Commitments;
using Ledger.Commitments.Facts;
using Ledger.Commitments.Gaps;
using Ledger.Commitments.Status;
using Ledger.UnitTests.Support;
using static Ledger.UnitTests.Support.Recorded;

namespace Ledger.UnitTests.Commitments;

/// <summary>asOf is a day of the world (what had happened by then); knownAt an instant of the ledger (what had been recorded by then).</summary>
public class status_on_both_time_axes
{
    static readonly DateOnly FarFuture = new(2030, 12, 31);

    static CommitmentStatus? StatusOf(CommitmentFacts facts, string asOf, DateTimeOffset? knownAt = null) =>
        CommitmentStatus.Of(facts, DateOnly.Parse(asOf, CultureInfo.InvariantCulture), knownAt);

    static CommitmentStatus Known(CommitmentFacts facts, string asOf, DateTimeOffset? knownAt = null) =>
        StatusOf(facts, asOf, knownAt) ?? throw new InvalidOperationException("The commitment was not yet recorded");

    static EventLog Made(decimal km = 100m, DateOnly? dueOn = null)
    {
        var log = new EventLog();
        log.Record(RoadsMade(km, dueOn), At(2020, 2, 1));
        return log;
    }

    /// <summary>Cut to 60 km from 2022, but recorded only in March 2024.</summary>
    static CommitmentFacts RevisionRecordedLate()
    {
        var log = Made();
        log.Record(Given.Revised(new DateOnly(2022, 1, 1), km: 60m), At(2024, 3, 1));
        return log.Facts();
    }

    [Fact]
    public void a_revision_recorded_late_is_in_force_from_its_effective_date_once_known()
    {
        var status = Known(RevisionRecordedLate(), "2023-06-01");

        Assert.Equal(60m, status.Target);
        Assert.Equal(100m, status.OriginalTarget);
        Assert.Equal(1, status.Revisions);
    }

    [Fact]
    public void before_a_late_revision_was_recorded_the_ledger_knew_the_original_target()
    {
        var status = Known(RevisionRecordedLate(), "2023-06-01", knownAt: At(2023, 6, 1));

        Assert.Equal(100m, status.Target);
        Assert.Equal(0, status.Revisions);
    }

    [Fact]
    public void a_revision_is_known_from_the_instant_it_was_recorded()
    {
        Assert.Equal(100m, Known(RevisionRecordedLate(), "2023-06-01", knownAt: At(2024, 3, 1).AddTicks(-1)).Target);
        Assert.Equal(60m, Known(RevisionRecordedLate(), "2023-06-01", knownAt: At(2024, 3, 1)).Target);
    }

    [Fact]
    public void before_its_effective_date_a_revision_is_not_in_force_however_well_known()
    {
        var status = Known(RevisionRecordedLate(), "2021-12-31", knownAt: At(2025, 1, 1));

        Assert.Equal(100m, status.Target);
        Assert.Equal(0, status.Revisions);
    }

    [Fact]
    public void of_revisions_effective_the_same_day_the_last_recorded_by_then_is_in_force()
    {
        var log = Made();
        log.Record(Given.Revised(new DateOnly(2022, 1, 1), km: 60m), At(2022, 1, 2));
        log.Record(Given.Revised(new DateOnly(2022, 1, 1), km: 70m), At(2022, 2, 1));

        Assert.Equal(60m, Known(log.Facts(), "2022-06-01", knownAt: At(2022, 1, 15)).Target);
        Assert.Equal(70m, Known(log.Facts(), "2022-06-01").Target);
    }

    [Fact]
    public void an_extension_recorded_late_lifts_overdue_only_once_known()
    {
        var log = Made();
        log.Record(Given.Revised(new DateOnly(2023, 6, 1), dueOn: new DateOnly(2025, 12, 31)), At(2024, 3, 1));

        var before = Known(log.Facts(), "2024-02-01", knownAt: At(2024, 2, 1));
        var after = Known(log.Facts(), "2024-02-01");

        Assert.Equal((DeliveryStatus.Overdue, 32, new DateOnly(2023, 12, 31)), (before.Status, before.DaysOverdue, before.DueOn));
        Assert.Equal((DeliveryStatus.NotStarted, 0, new DateOnly(2025, 12, 31)), (after.Status, after.DaysOverdue, after.DueOn));
        Assert.Equal(new DateOnly(2023, 12, 31), after.OriginalDueOn);
    }

    /// <summary>40 km seen on 1 May 2021, reported only in May 2024.</summary>
    static CommitmentFacts ObservationRecordedYearsLater()
    {
        var log = Made(dueOn: FarFuture);
        var seen = Submitted(new DateOnly(2021, 5, 1), 40m, submittedAt: At(2024, 5, 1));
        log.Record(seen, At(2024, 5, 1));
        log.Record(Accepted(seen, new DateOnly(2024, 5, 2)), At(2024, 5, 2));
        return log.Facts();
    }

    [Fact]
    public void an_observation_recorded_years_later_counts_on_the_day_it_was_made()
    {
        var status = Known(ObservationRecordedYearsLater(), "2021-06-01");

        Assert.Equal(40m, status.Verified);
        Assert.Equal(new DateOnly(2021, 5, 1), status.LastObservedOn);
        Assert.Equal(new DateOnly(2021, 5, 1), status.LastProgressOn);
        Assert.Equal(new ObservationCounts(1, 0, 0), status.Observations);
        Assert.Equal(DeliveryStatus.InProgress, status.Status);
    }

    [Fact]
    public void before_it_was_recorded_the_ledger_knew_nothing_of_the_observation()
    {
        var status = Known(ObservationRecordedYearsLater(), "2021-06-01", knownAt: At(2023, 1, 1));

        Assert.Equal(0m, status.Verified);
        Assert.Null(status.LastObservedOn);
        Assert.Equal(new ObservationCounts(0, 0, 0), status.Observations);
        Assert.Equal(DeliveryStatus.NotStarted, status.Status);
    }

    [Fact]
    public void before_the_day_it_was_made_the_observation_does_not_count() =>
        Assert.Equal(0m, Known(ObservationRecordedYearsLater(), "2021-04-30").Verified);

    [Fact]
    public void an_observation_submitted_but_not_yet_accepted_at_the_instant_asked_about_is_pending()
    {
        var status = Known(ObservationRecordedYearsLater(), "2024-06-01", knownAt: At(2024, 5, 1, hour: 18));

        Assert.Equal(new ObservationCounts(Accepted: 0, Pending: 1, Rejected: 0), status.Observations);
        Assert.Equal(0m, status.Verified);
        Assert.Null(status.LastObservedOn);
    }

    [Fact]
    public void once_the_acceptance_was_recorded_the_observation_is_verification() =>
        Assert.Equal(40m, Known(ObservationRecordedYearsLater(), "2024-06-01", knownAt: At(2024, 5, 2)).Verified);

    [Fact]
    public void a_rejection_recorded_after_the_submission_leaves_it_pending_until_then()
    {
        var log = Made(dueOn: FarFuture);
        var seen = Submitted(new DateOnly(2024, 4, 1), 90m, submittedAt: At(2024, 4, 2));
        log.Record(seen, At(2024, 4, 2));
        log.Record(Rejected(seen, new DateOnly(2024, 4, 10)), At(2024, 4, 10));

        Assert.Equal(new ObservationCounts(0, 1, 0), Known(log.Facts(), "2024-06-01", knownAt: At(2024, 4, 5)).Observations);
        Assert.Equal(new ObservationCounts(0, 0, 1), Known(log.Facts(), "2024-06-01").Observations);
    }

    /// <summary>Withdrawn from 1 January 2024, recorded on 5 January.</summary>
    static CommitmentFacts Withdrawal(DateOnly withdrawnOn, DateTimeOffset recordedAt)
    {
        var log = Made(dueOn: FarFuture);
        log.Record(Withdrawn(withdrawnOn), recordedAt);
        return log.Facts();
    }

    [Fact]
    public void a_withdrawal_holds_from_the_day_it_took_effect()
    {
        var facts = Withdrawal(new DateOnly(2024, 1, 1), At(2024, 1, 5));

        var before = Known(facts, "2023-12-31");
        var from = Known(facts, "2024-01-01");

        Assert.Equal((DeliveryStatus.NotStarted, Rating.NotYetRated, (DateOnly?)null), (before.Status, before.Rating, before.WithdrawnOn));
        Assert.Equal((DeliveryStatus.Withdrawn, Rating.Broken, (DateOnly?)new DateOnly(2024, 1, 1)), (from.Status, from.Rating, from.WithdrawnOn));
    }

    [Fact]
    public void a_withdrawal_not_yet_recorded_is_not_known()
    {
        var status = Known(Withdrawal(new DateOnly(2024, 1, 1), At(2024, 1, 5)), "2024-02-01", knownAt: At(2024, 1, 3));

        Assert.Equal(DeliveryStatus.NotStarted, status.Status);
        Assert.Null(status.WithdrawnOn);
    }

    [Fact]
    public void a_withdrawal_announced_ahead_takes_effect_only_on_its_day()
    {
        var facts = Withdrawal(new DateOnly(2025, 1, 1), At(2024, 6, 1));

        Assert.Equal(DeliveryStatus.NotStarted, Known(facts, "2024-07-01").Status);
        Assert.Equal(DeliveryStatus.Withdrawn, Known(facts, "2025-01-01").Status);
    }

    /// <summary>Due at the end of 2023, nothing delivered, and the ledger's own deadline-passed event at midnight.</summary>
    static CommitmentFacts DeadlineMissed()
    {
        var log = Made();
        log.Record(new DeadlinePassed(Given.CommitmentId, new DateOnly(2023, 12, 31), 100m, 0m), At(2024, 1, 1, hour: 0));
        return log.Facts();
    }

    [Fact]
    public void on_its_due_date_a_commitment_is_not_yet_overdue()
    {
        var status = Known(DeadlineMissed(), "2023-12-31");

        Assert.Equal((DeliveryStatus.NotStarted, Rating.NotYetRated, 0), (status.Status, status.Rating, status.DaysOverdue));
    }

    [Fact]
    public void the_day_after_its_due_date_a_commitment_is_overdue()
    {
        var status = Known(DeadlineMissed(), "2024-01-01");

        Assert.Equal((DeliveryStatus.Overdue, Rating.Broken, 1), (status.Status, status.Rating, status.DaysOverdue));
    }

    [Fact]
    public void overdue_follows_the_date_not_the_deadline_passed_event()
    {
        var status = Known(DeadlineMissed(), "2024-01-10", knownAt: At(2023, 12, 31));

        Assert.Equal((DeliveryStatus.Overdue, 10), (status.Status, status.DaysOverdue));
    }

    [Fact]
    public void a_commitment_not_yet_recorded_has_no_status()
    {
        var facts = Made().Facts();

        Assert.Null(StatusOf(facts, "2024-01-01", knownAt: At(2020, 2, 1).AddTicks(-1)));
        Assert.NotNull(StatusOf(facts, "2024-01-01", knownAt: At(2020, 2, 1)));
    }

    [Fact]
    public void the_version_is_the_commitment_streams_as_known_then()
    {
        var log = Made(dueOn: new DateOnly(2023, 12, 31));
        log.Record(Given.Revised(new DateOnly(2021, 1, 1), km: 90m), At(2021, 1, 1));
        log.Record(Given.Claimed(20m, new DateOnly(2022, 1, 1)), At(2022, 1, 1));
        var seen = Submitted(new DateOnly(2022, 6, 1), 10m, submittedAt: At(2022, 6, 1));
        log.Record(seen, At(2022, 6, 1));
        log.Record(Accepted(seen, new DateOnly(2022, 6, 2)), At(2022, 6, 2));
        log.Record(new DeadlinePassed(Given.CommitmentId, new DateOnly(2023, 12, 31), 90m, 10m), At(2024, 1, 1, hour: 0));
        var facts = log.Facts();

        Assert.Equal(2, Known(facts, "2025-01-01", knownAt: At(2021, 6, 1)).Version);
        Assert.Equal(3, Known(facts, "2025-01-01", knownAt: At(2023, 1, 1)).Version); // observation events are other streams
        Assert.Equal(4, Known(facts, "2025-01-01").Version);
        Assert.Equal(4, Known(facts, "2020-06-01").Version); // the version is of knowledge, not of the day asked about
    }

    [Theory]
    [InlineData("2021-06-01", null, 100, 0, 40)]
    [InlineData("2021-06-01", "2023-01-01T00:00:00Z", 100, 0, 0)]
    [InlineData("2021-06-01", "2024-06-01T00:00:00Z", 100, 0, 40)]
    [InlineData("2023-01-01", "2022-06-01T00:00:00Z", 100, 0, 0)]
    [InlineData("2023-01-01", "2023-01-01T00:00:00Z", 100, 70, 0)]
    [InlineData("2023-01-01", "2024-04-01T00:00:00Z", 60, 70, 0)]
    [InlineData("2023-01-01", null, 60, 70, 40)]
    public void both_axes_together(string asOf, string? knownAt, int target, int claimed, int verified)
    {
        var log = Made(dueOn: FarFuture);
        log.Record(Given.Claimed(70m, new DateOnly(2022, 6, 1)), At(2022, 7, 1));
        log.Record(Given.Revised(new DateOnly(2022, 1, 1), km: 60m), At(2024, 3, 1));
        var seen = Submitted(new DateOnly(2021, 5, 1), 40m, submittedAt: At(2024, 5, 1));
        log.Record(seen, At(2024, 5, 1));
        log.Record(Accepted(seen, new DateOnly(2024, 5, 2)), At(2024, 5, 2));
        var at = knownAt is null ? (DateTimeOffset?)null : DateTimeOffset.Parse(knownAt, CultureInfo.InvariantCulture);

        var status = Known(log.Facts(), asOf, at);

        Assert.Equal((target, claimed, verified), ((int)status.Target, (int)status.Claimed, (int)status.Verified));
        Assert.Equal(Math.Max(target - verified, 0), (int)status.Gap);
        Assert.Equal(DateOnly.Parse(asOf, CultureInfo.InvariantCulture), status.AsOf);
        Assert.Equal(at, status.KnownAt);
    }
}
