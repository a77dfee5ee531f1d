using Ledger.Commitments;
using Ledger.Commitments.Status;
using Ledger.Observations;
using Ledger.UnitTests.Support;

namespace Ledger.UnitTests.Commitments;

public class commitment_status
{
    static readonly DateOnly Today = Given.Today;
    static readonly DateOnly LastYear = Today.AddYears(-1);
    static readonly DateOnly LastMonth = Today.AddMonths(-1);

    static CommitmentStatus StatusOf(Commitment commitment, params Observation[] observations) =>
        CommitmentStatus.Of(Given.FactsOf(commitment, observations), Today, knownAt: null)!;

    static Commitment Withdrawn(Commitment commitment) =>
        commitment.Apply(new CommitmentWithdrawn(commitment.Id, LastMonth, "Abandoned", [Given.Source()]));

    [Fact]
    public void nothing_claimed_or_verified_is_not_started()
    {
        var status = StatusOf(Given.Roads());

        Assert.Equal(DeliveryStatus.NotStarted, status.Status);
        Assert.Equal((100m, 0m, 0m, 100m), (status.Target, status.Claimed, status.Verified, status.Gap));
    }

    [Fact]
    public void a_claim_alone_is_in_progress()
    {
        var status = StatusOf(Given.Roads().Apply(Given.Claimed(40m, LastMonth)));

        Assert.Equal(DeliveryStatus.InProgress, status.Status);
        Assert.Equal(40m, status.Claimed);
        Assert.Equal(0m, status.Verified);
        Assert.Equal(100m, status.Gap);
    }

    [Fact]
    public void a_claim_of_zero_is_not_progress() =>
        Assert.Equal(DeliveryStatus.NotStarted, StatusOf(Given.Roads().Apply(Given.Claimed(0m, LastMonth))).Status);

    [Fact]
    public void a_claim_of_the_whole_target_is_not_delivery()
    {
        var status = StatusOf(Given.Roads().Apply(Given.Claimed(100m, LastMonth)));

        Assert.Equal(DeliveryStatus.InProgress, status.Status);
        Assert.Equal(100m, status.Gap);
    }

    [Fact]
    public void a_verified_part_is_in_progress_and_narrows_the_gap()
    {
        var status = StatusOf(Given.Roads(), Given.Observed(LastMonth, 30m));

        Assert.Equal(DeliveryStatus.InProgress, status.Status);
        Assert.Equal(30m, status.Verified);
        Assert.Equal(70m, status.Gap);
    }

    [Fact]
    public void verifying_exactly_the_target_is_delivered()
    {
        var status = StatusOf(Given.Roads(), Given.Observed(LastMonth, 100m));

        Assert.Equal(DeliveryStatus.Delivered, status.Status);
        Assert.Equal(0m, status.Gap);
    }

    [Fact]
    public void verifying_more_than_the_target_is_delivered_with_no_negative_gap()
    {
        var status = StatusOf(Given.Roads(), Given.Observed(LastMonth, 120m));

        Assert.Equal(DeliveryStatus.Delivered, status.Status);
        Assert.Equal(120m, status.Verified);
        Assert.Equal(0m, status.Gap);
    }

    [Fact]
    public void delivered_late_is_still_delivered() =>
        Assert.Equal(DeliveryStatus.Delivered, StatusOf(Given.Roads(dueOn: LastYear), Given.Observed(LastMonth, 100m)).Status);

    [Fact]
    public void past_its_due_date_and_not_delivered_is_overdue()
    {
        Assert.Equal(DeliveryStatus.Overdue, StatusOf(Given.Roads(dueOn: Today.AddDays(-1))).Status);
        Assert.Equal(DeliveryStatus.Overdue, StatusOf(Given.Roads(dueOn: LastYear), Given.Observed(LastMonth, 99.9m)).Status);
    }

    [Fact]
    public void due_today_is_not_yet_overdue()
    {
        Assert.Equal(DeliveryStatus.NotStarted, StatusOf(Given.Roads(dueOn: Today)).Status);
        Assert.Equal(DeliveryStatus.InProgress, StatusOf(Given.Roads(dueOn: Today), Given.Observed(LastMonth, 50m)).Status);
    }

    [Fact]
    public void a_commitment_without_due_date_is_never_overdue() =>
        Assert.Equal(DeliveryStatus.NotStarted, StatusOf(Given.Roads(noDueDate: true)).Status);

    [Fact]
    public void withdrawn_beats_every_other_status()
    {
        Assert.Equal(DeliveryStatus.Withdrawn, StatusOf(Withdrawn(Given.Roads())).Status);
        Assert.Equal(DeliveryStatus.Withdrawn, StatusOf(Withdrawn(Given.Roads()), Given.Observed(LastMonth, 100m)).Status);
        Assert.Equal(DeliveryStatus.Withdrawn, StatusOf(Withdrawn(Given.Roads(dueOn: LastYear))).Status);
        Assert.Equal(DeliveryStatus.Withdrawn, StatusOf(Withdrawn(Given.Roads().Apply(Given.Claimed(10m, LastMonth)))).Status);
    }

    [Fact]
    public void verified_is_the_latest_observation_not_the_largest()
    {
        var status = StatusOf(Given.Roads(), Given.Observed(LastMonth, 60m), Given.Observed(LastYear, 80m));

        Assert.Equal(60m, status.Verified);
        Assert.Equal(40m, status.Gap);
    }

    [Fact]
    public void of_observations_on_the_same_day_the_one_submitted_last_counts_whatever_the_order_given()
    {
        var earlier = Given.Observed(LastMonth, 70m, submittedAt: Given.Now.AddDays(-3));
        var later = Given.Observed(LastMonth, 45m, submittedAt: Given.Now.AddDays(-2));

        Assert.Equal(45m, StatusOf(Given.Roads(), later, earlier).Verified);
        Assert.Equal(45m, StatusOf(Given.Roads(), earlier, later).Verified);
    }

    [Theory]
    [InlineData(ModerationStatus.Pending)]
    [InlineData(ModerationStatus.Rejected)]
    public void observations_not_accepted_are_not_verification(ModerationStatus moderation)
    {
        var status = StatusOf(Given.Roads(), Given.Observed(LastYear, 20m), Given.Observed(LastMonth, 100m, moderation));

        Assert.Equal(20m, status.Verified);
        Assert.Equal(DeliveryStatus.InProgress, status.Status);
    }

    [Fact]
    public void an_observation_without_an_amount_does_not_hide_an_earlier_one()
    {
        var status = StatusOf(Given.Roads(), Given.Observed(LastYear, 20m), Given.Observed(LastMonth, null));

        Assert.Equal(20m, status.Verified);
    }

    [Fact]
    public void an_observation_dated_after_today_is_not_yet_verification()
    {
        var status = StatusOf(Given.Roads(), Given.Observed(LastMonth, 20m), Given.Observed(Today.AddDays(1), 100m));

        Assert.Equal(20m, status.Verified);
        Assert.Equal(DeliveryStatus.InProgress, status.Status);
    }

    [Fact]
    public void an_observation_dated_today_counts() =>
        Assert.Equal(DeliveryStatus.Delivered, StatusOf(Given.Roads(), Given.Observed(Today, 100m)).Status);

    [Fact]
    public void a_claim_dated_after_today_is_not_yet_claimed() =>
        Assert.Equal(0m, StatusOf(Given.Roads().Apply(Given.Claimed(40m, Today.AddDays(1)))).Claimed);

    [Fact]
    public void the_target_is_the_revision_in_force_and_the_original_stays_on_record()
    {
        var commitment = Given.Roads().Apply(Given.Revised(LastYear, km: 200m)).Apply(Given.Revised(Today.AddDays(1), km: 300m));

        var status = StatusOf(commitment, Given.Observed(LastMonth, 150m));

        Assert.Equal(200m, status.Target);
        Assert.Equal(100m, status.OriginalTarget);
        Assert.Equal(50m, status.Gap);
        Assert.Equal(DeliveryStatus.InProgress, status.Status);
    }

    [Fact]
    public void a_lowered_target_can_be_delivered_by_what_was_already_verified()
    {
        var commitment = Given.Roads().Apply(Given.Revised(LastYear, km: 60m));

        var status = StatusOf(commitment, Given.Observed(LastMonth, 60m));

        Assert.Equal(DeliveryStatus.Delivered, status.Status);
        Assert.Equal(100m, status.OriginalTarget);
    }

    [Fact]
    public void an_extended_due_date_lifts_overdue_and_the_original_stays_on_record()
    {
        var commitment = Given.Roads(dueOn: LastYear).Apply(Given.Revised(LastMonth, dueOn: Today.AddYears(2)));

        var status = StatusOf(commitment);

        Assert.Equal(DeliveryStatus.NotStarted, status.Status);
        Assert.Equal(Today.AddYears(2), status.DueOn);
        Assert.Equal(LastYear, status.OriginalDueOn);
    }

    [Fact]
    public void the_status_names_the_commitment_and_the_day_it_describes()
    {
        var commitment = Given.Roads().Apply(Given.Claimed(10m, LastMonth)).Apply(Given.Revised(LastMonth, km: 90m));

        var status = StatusOf(commitment);

        Assert.Equal(Given.CommitmentId, status.Id);
        Assert.Equal(Given.DealId, status.DealId);
        Assert.Equal(Given.Sinohydro, status.Promisor);
        Assert.Equal(Given.Drc, status.Beneficiary);
        Assert.Equal("km", status.Unit);
        Assert.Equal("roads", status.Category);
        Assert.True(status.Binding);
        Assert.Equal(Today, status.AsOf);
        Assert.Equal(3, status.Version); // made, claimed, revised
    }
}
