using Ledger.Commitments;
using Ledger.Commitments.Status;
using Ledger.Observations;
using Ledger.UnitTests.Support;

namespace Ledger.UnitTests.Commitments;

public class measuring_the_gap
{
    static readonly DateOnly Today = Given.Today;
    static readonly DateOnly LastYear = Today.AddYears(-1);
    static readonly DateOnly LastMonth = Today.AddMonths(-1);

    static CommitmentStatus StatusOf(Commitment commitment, params Observation[] observations) =>
        CommitmentStatus.Of(Given.FactsOf(commitment, observations), Today, knownAt: null)!;

    [Fact]
    public void the_claim_gap_is_what_is_claimed_but_not_seen()
    {
        var status = StatusOf(Given.Roads().Apply(Given.Claimed(80m, LastMonth)), Given.Observed(LastMonth, 50m));

        Assert.Equal(30m, status.ClaimGap);
        Assert.Equal(50m, status.Gap);
    }

    [Fact]
    public void the_claim_gap_is_never_negative_when_observers_see_more_than_is_claimed() =>
        Assert.Equal(0m, StatusOf(Given.Roads().Apply(Given.Claimed(40m, LastMonth)), Given.Observed(LastMonth, 50m)).ClaimGap);

    [Fact]
    public void without_a_claim_there_is_no_claim_gap() => Assert.Equal(0m, StatusOf(Given.Roads(), Given.Observed(LastMonth, 50m)).ClaimGap);

    [Fact]
    public void the_claim_in_force_is_the_one_with_the_latest_date_not_the_last_recorded()
    {
        var commitment = Given.Roads().Apply(Given.Claimed(70m, LastMonth)).Apply(Given.Claimed(20m, LastYear));

        Assert.Equal(70m, StatusOf(commitment).Claimed);
    }

    [Fact]
    public void the_original_gap_measures_against_the_target_first_promised()
    {
        var reduced = StatusOf(Given.Roads().Apply(Given.Revised(LastYear, km: 60m)), Given.Observed(LastMonth, 50m));
        var raised = StatusOf(Given.Roads().Apply(Given.Revised(LastYear, km: 150m)), Given.Observed(LastMonth, 120m));

        Assert.Equal((10m, 50m), (reduced.Gap, reduced.OriginalGap));
        Assert.Equal((30m, 0m), (raised.Gap, raised.OriginalGap));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(30, 0.3)]
    [InlineData(100, 1)]
    public void fulfilment_is_verified_over_target(int verified, double expected) =>
        Assert.Equal((decimal)expected, StatusOf(Given.Roads(), Given.Observed(LastMonth, verified)).Fulfilment);

    [Fact]
    public void fulfilment_is_rounded_to_four_places() =>
        Assert.Equal(0.3333m, StatusOf(Given.Roads(km: 3m), Given.Observed(LastMonth, 1m)).Fulfilment);

    [Fact]
    public void fulfilment_is_against_the_target_in_force() =>
        Assert.Equal(0.75m, StatusOf(Given.Roads().Apply(Given.Revised(LastYear, km: 80m)), Given.Observed(LastMonth, 60m)).Fulfilment);

    [Fact]
    public void a_target_of_zero_is_fulfilled_without_dividing_by_zero()
    {
        var status = StatusOf(Given.Roads(km: 0m));

        Assert.Equal(1m, status.Fulfilment);
        Assert.Equal(0m, status.Gap);
        Assert.Equal(DeliveryStatus.Delivered, status.Status);
    }

    [Theory]
    [InlineData(-1, 1)]
    [InlineData(-10, 10)]
    [InlineData(-400, 400)]
    public void days_overdue_count_from_the_day_after_the_due_date(int dueInDays, int expected)
    {
        var status = StatusOf(Given.Roads(dueOn: Today.AddDays(dueInDays)));

        Assert.Equal(DeliveryStatus.Overdue, status.Status);
        Assert.Equal(expected, status.DaysOverdue);
    }

    [Fact]
    public void due_on_the_day_asked_about_is_not_overdue()
    {
        var status = StatusOf(Given.Roads(dueOn: Today));

        Assert.Equal(DeliveryStatus.NotStarted, status.Status);
        Assert.Equal(0, status.DaysOverdue);
    }

    [Fact]
    public void days_overdue_are_zero_unless_overdue()
    {
        Assert.Equal(0, StatusOf(Given.Roads(dueOn: Today.AddDays(1))).DaysOverdue);
        Assert.Equal(0, StatusOf(Given.Roads(noDueDate: true)).DaysOverdue);
        Assert.Equal(0, StatusOf(Given.Roads(dueOn: LastYear), Given.Observed(LastMonth, 100m)).DaysOverdue);
        Assert.Equal(0, StatusOf(Given.Roads(dueOn: LastYear).Apply(
            new CommitmentWithdrawn(Given.CommitmentId, LastMonth, "Abandoned", [Given.Source()]))).DaysOverdue);
    }

    [Fact]
    public void days_overdue_count_from_the_revised_due_date()
    {
        var status = StatusOf(Given.Roads(dueOn: LastYear).Apply(Given.Revised(LastYear.AddDays(-1), dueOn: Today.AddDays(-20))));

        Assert.Equal(20, status.DaysOverdue);
    }

    [Fact]
    public void revisions_count_only_those_in_force()
    {
        var commitment = Given.Roads()
            .Apply(Given.Revised(LastYear, km: 90m))
            .Apply(Given.Revised(LastMonth, dueOn: Today.AddYears(1)))
            .Apply(Given.Revised(Today.AddDays(1), km: 80m));

        Assert.Equal(2, StatusOf(commitment).Revisions);
        Assert.Equal(0, StatusOf(Given.Roads()).Revisions);
    }

    [Fact]
    public void last_observed_is_the_latest_accepted_observation_with_or_without_an_amount()
    {
        var status = StatusOf(Given.Roads(),
            Given.Observed(LastYear, 30m),
            Given.Observed(LastMonth, null),
            Given.Observed(Today.AddDays(-1), 50m, ModerationStatus.Pending),
            Given.Observed(Today.AddDays(-2), 50m, ModerationStatus.Rejected));

        Assert.Equal(LastMonth, status.LastObservedOn);
        Assert.Equal(LastYear, status.LastProgressOn);
    }

    [Fact]
    public void without_accepted_observations_nothing_was_observed_nor_progressed()
    {
        var status = StatusOf(Given.Roads(), Given.Observed(LastMonth, 50m, ModerationStatus.Pending));

        Assert.Null(status.LastObservedOn);
        Assert.Null(status.LastProgressOn);
    }

    [Fact]
    public void last_progress_is_the_day_the_verified_amount_last_rose()
    {
        var status = StatusOf(Given.Roads(),
            Given.Observed(LastYear, 20m),
            Given.Observed(LastYear.AddMonths(3), 60m),
            Given.Observed(LastYear.AddMonths(6), 60m),
            Given.Observed(LastMonth, 45m),
            Given.Observed(Today, 0m));

        Assert.Equal(LastYear.AddMonths(3), status.LastProgressOn);
        Assert.Equal(0m, status.Verified);
    }

    [Fact]
    public void an_observation_of_nothing_is_not_progress() =>
        Assert.Null(StatusOf(Given.Roads(), Given.Observed(LastMonth, 0m)).LastProgressOn);

    [Fact]
    public void observations_are_counted_by_moderation_status()
    {
        var status = StatusOf(Given.Roads(),
            Given.Observed(LastYear, 10m),
            Given.Observed(LastMonth, 20m),
            Given.Observed(LastMonth, null),
            Given.Observed(LastMonth, 90m, ModerationStatus.Pending),
            Given.Observed(LastMonth, 90m, ModerationStatus.Rejected),
            Given.Observed(LastMonth, 95m, ModerationStatus.Rejected));

        Assert.Equal(new ObservationCounts(Accepted: 3, Pending: 1, Rejected: 2), status.Observations);
    }

    [Fact]
    public void observations_dated_after_the_day_asked_about_are_not_counted() =>
        Assert.Equal(new ObservationCounts(1, 0, 0),
            StatusOf(Given.Roads(), Given.Observed(LastMonth, 10m), Given.Observed(Today.AddDays(1), 20m),
                Given.Observed(Today.AddDays(2), 20m, ModerationStatus.Pending)).Observations);
}
