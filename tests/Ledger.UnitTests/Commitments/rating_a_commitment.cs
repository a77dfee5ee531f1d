using Ledger.Commitments;
using Ledger.Commitments.Status;
using Ledger.Observations;
using Ledger.UnitTests.Support;

namespace Ledger.UnitTests.Commitments;

public class rating_a_commitment
{
    static readonly DateOnly Today = Given.Today;
    static readonly DateOnly LastYear = Today.AddYears(-1);
    static readonly DateOnly LastMonth = Today.AddMonths(-1);
    static readonly DateOnly TwoYearsAgo = Today.AddYears(-2);

    static CommitmentStatus StatusOf(Commitment commitment, params Observation[] observations) =>
        CommitmentStatus.Of(Given.FactsOf(commitment, observations), Today, knownAt: null)!;

    static Rating RatingOf(Commitment commitment, params Observation[] observations) => StatusOf(commitment, observations).Rating;

    static Commitment Withdrawn(Commitment commitment) =>
        commitment.Apply(new CommitmentWithdrawn(commitment.Id, LastMonth, "Abandoned", [Given.Source()]));

    [Fact]
    public void delivered_against_the_original_target_is_kept() =>
        Assert.Equal(Rating.Kept, RatingOf(Given.Roads(), Given.Observed(LastMonth, 100m)));

    [Fact]
    public void delivered_late_is_still_kept() =>
        Assert.Equal(Rating.Kept, RatingOf(Given.Roads(dueOn: LastYear), Given.Observed(LastMonth, 100m)));

    [Fact]
    public void delivered_against_a_raised_target_is_kept() =>
        Assert.Equal(Rating.Kept, RatingOf(Given.Roads().Apply(Given.Revised(LastYear, km: 150m)), Given.Observed(LastMonth, 150m)));

    [Fact]
    public void a_revision_that_only_moves_the_due_date_keeps_a_delivery_kept() =>
        Assert.Equal(Rating.Kept, RatingOf(
            Given.Roads(dueOn: LastYear).Apply(Given.Revised(LastYear.AddDays(-1), dueOn: Today.AddYears(1))), Given.Observed(LastMonth, 100m)));

    [Fact]
    public void delivering_the_whole_original_target_after_it_was_reduced_is_kept() =>
        Assert.Equal(Rating.Kept, StatusOf(Given.Roads().Apply(Given.Revised(LastYear, km: 60m)), Given.Observed(LastMonth, 100m)).Rating);

    [Fact]
    public void delivered_against_a_reduced_revised_target_is_a_compromise()
    {
        var status = StatusOf(Given.Roads().Apply(Given.Revised(LastYear, km: 60m)), Given.Observed(LastMonth, 60m));

        Assert.Equal(DeliveryStatus.Delivered, status.Status);
        Assert.Equal(Rating.Compromise, status.Rating);
        Assert.Equal(40m, status.OriginalGap);
    }

    [Fact]
    public void a_reduction_not_yet_in_force_makes_no_compromise_of_what_is_not_delivered() =>
        Assert.Equal(Rating.InTheWorks, RatingOf(Given.Roads().Apply(Given.Revised(Today.AddDays(1), km: 60m)), Given.Observed(LastMonth, 60m)));

    [Fact]
    public void withdrawn_is_broken_whatever_was_delivered()
    {
        Assert.Equal(Rating.Broken, RatingOf(Withdrawn(Given.Roads())));
        Assert.Equal(Rating.Broken, RatingOf(Withdrawn(Given.Roads()), Given.Observed(LastYear, 50m)));
        Assert.Equal(Rating.Broken, RatingOf(Withdrawn(Given.Roads()), Given.Observed(LastYear, 100m)));
    }

    [Fact]
    public void overdue_with_nothing_verified_is_broken()
    {
        Assert.Equal(Rating.Broken, RatingOf(Given.Roads(dueOn: Today.AddDays(-1))));
        Assert.Equal(Rating.Broken, RatingOf(Given.Roads(dueOn: LastYear).Apply(Given.Claimed(90m, LastMonth))));
    }

    [Theory]
    [InlineData(ModerationStatus.Pending)]
    [InlineData(ModerationStatus.Rejected)]
    public void overdue_with_only_unaccepted_observations_is_broken(ModerationStatus moderation) =>
        Assert.Equal(Rating.Broken, RatingOf(Given.Roads(dueOn: LastYear), Given.Observed(LastMonth, 50m, moderation)));

    [Fact]
    public void overdue_with_an_observation_finding_nothing_delivered_is_broken() =>
        Assert.Equal(Rating.Broken, RatingOf(Given.Roads(dueOn: LastYear), Given.Observed(LastMonth, 0m)));

    [Fact]
    public void overdue_with_recent_progress_is_in_the_works() =>
        Assert.Equal(Rating.InTheWorks, RatingOf(Given.Roads(dueOn: LastYear), Given.Observed(LastMonth, 50m)));

    [Theory]
    [InlineData(1, Rating.InTheWorks)]
    [InlineData(364, Rating.InTheWorks)]
    [InlineData(365, Rating.Stalled)]
    [InlineData(366, Rating.Stalled)]
    [InlineData(1000, Rating.Stalled)]
    public void overdue_with_no_progress_for_a_year_is_stalled(int daysWithoutProgress, Rating expected)
    {
        var status = StatusOf(Given.Roads(dueOn: TwoYearsAgo.AddYears(-2)), Given.Observed(Today.AddDays(-daysWithoutProgress), 50m));

        Assert.Equal(DeliveryStatus.Overdue, status.Status);
        Assert.Equal(expected, status.Rating);
    }

    [Fact]
    public void a_later_lower_finding_is_not_progress()
    {
        var status = StatusOf(Given.Roads(dueOn: TwoYearsAgo), Given.Observed(Today.AddDays(-400), 60m), Given.Observed(LastMonth, 40m));

        Assert.Equal(40m, status.Verified);
        Assert.Equal(Today.AddDays(-400), status.LastProgressOn);
        Assert.Equal(Rating.Stalled, status.Rating);
    }

    [Fact]
    public void a_later_equal_finding_is_not_progress() =>
        Assert.Equal(Rating.Stalled,
            RatingOf(Given.Roads(dueOn: TwoYearsAgo), Given.Observed(Today.AddDays(-400), 60m), Given.Observed(LastMonth, 60m)));

    [Fact]
    public void a_later_higher_finding_is_progress() =>
        Assert.Equal(Rating.InTheWorks,
            RatingOf(Given.Roads(dueOn: TwoYearsAgo), Given.Observed(Today.AddDays(-400), 40m), Given.Observed(LastMonth, 60m)));

    [Fact]
    public void a_stall_is_about_progress_not_about_the_due_date() =>
        // Due only last month, but the last progress is over a year old.
        Assert.Equal(Rating.Stalled, RatingOf(Given.Roads(dueOn: LastMonth), Given.Observed(LastYear.AddDays(-1), 50m)));

    [Fact]
    public void in_progress_before_the_due_date_is_in_the_works()
    {
        Assert.Equal(Rating.InTheWorks, RatingOf(Given.Roads().Apply(Given.Claimed(40m, LastMonth))));
        Assert.Equal(Rating.InTheWorks, RatingOf(Given.Roads(), Given.Observed(TwoYearsAgo, 40m)));
        Assert.Equal(Rating.InTheWorks, RatingOf(Given.Roads(noDueDate: true), Given.Observed(TwoYearsAgo, 40m)));
    }

    [Fact]
    public void not_started_and_not_yet_due_is_not_yet_rated()
    {
        Assert.Equal(Rating.NotYetRated, RatingOf(Given.Roads()));
        Assert.Equal(Rating.NotYetRated, RatingOf(Given.Roads(dueOn: Today)));
        Assert.Equal(Rating.NotYetRated, RatingOf(Given.Roads(noDueDate: true)));
        Assert.Equal(Rating.NotYetRated, RatingOf(Given.Roads(), Given.Observed(LastMonth, 50m, ModerationStatus.Pending)));
    }

    public static TheoryData<DeliveryStatus, decimal, decimal, decimal, int?, Rating> Rules => new()
    {
        // status, target, original target, verified, days since last progress, rating
        { DeliveryStatus.Withdrawn, 100m, 100m, 100m, 1, Rating.Broken },
        { DeliveryStatus.Withdrawn, 100m, 100m, 0m, null, Rating.Broken },
        { DeliveryStatus.Delivered, 100m, 100m, 100m, 1, Rating.Kept },
        { DeliveryStatus.Delivered, 120m, 100m, 120m, 1, Rating.Kept },
        { DeliveryStatus.Delivered, 99m, 100m, 99m, 1, Rating.Compromise },
        { DeliveryStatus.Overdue, 100m, 100m, 0m, null, Rating.Broken },
        { DeliveryStatus.Overdue, 100m, 100m, 0m, 1, Rating.Broken },
        { DeliveryStatus.Overdue, 100m, 100m, 10m, 364, Rating.InTheWorks },
        { DeliveryStatus.Overdue, 100m, 100m, 10m, 365, Rating.Stalled },
        { DeliveryStatus.Overdue, 100m, 100m, 10m, null, Rating.Stalled },
        { DeliveryStatus.InProgress, 100m, 100m, 10m, 5000, Rating.InTheWorks },
        { DeliveryStatus.InProgress, 100m, 100m, 0m, null, Rating.InTheWorks },
        { DeliveryStatus.NotStarted, 100m, 100m, 0m, null, Rating.NotYetRated },
    };

    [Theory]
    [MemberData(nameof(Rules))]
    public void the_rules(DeliveryStatus status, decimal target, decimal originalTarget, decimal verified, int? daysSinceProgress, Rating expected) =>
        Assert.Equal(expected, CommitmentStatus.RatingOf(status, target, originalTarget, verified,
            daysSinceProgress is { } days ? Today.AddDays(-days) : null, Today));
}
