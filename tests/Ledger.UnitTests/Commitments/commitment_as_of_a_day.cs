using Ledger.Commitments;
using Ledger.Commitments.Status;
using Ledger.UnitTests.Support;

namespace Ledger.UnitTests.Commitments;

public class commitment_as_of_a_day
{
    static readonly DateOnly Jan2023 = new(2023, 1, 1);
    static readonly DateOnly Jun2024 = new(2024, 6, 1);

    /// <summary>The status rules (the only place the day's target, due date and claim are decided) on the commitment's facts.</summary>
    static CommitmentStatus At(Commitment commitment, DateOnly day) => CommitmentStatus.Of(Given.FactsOf(commitment), day, knownAt: null)!;

    static Commitment Revise(Commitment commitment, params CommitmentRevised[] revisions) => revisions.Aggregate(commitment, (c, r) => c.Apply(r));

    [Fact]
    public void without_revisions_the_original_target_and_due_date_hold() =>
        Assert.Equal((100m, "km", new DateOnly(2025, 12, 31)),
            (At(Given.Roads(), Given.Today).Target, At(Given.Roads(), Given.Today).Unit, At(Given.Roads(), Given.Today).DueOn));

    [Fact]
    public void a_revision_holds_from_its_effective_day()
    {
        var commitment = Revise(Given.Roads(), Given.Revised(Jun2024, km: 200m));

        Assert.Equal(100m, At(commitment, Jun2024.AddDays(-1)).Target);
        Assert.Equal(200m, At(commitment, Jun2024).Target);
        Assert.Equal(200m, At(commitment, Given.Today).Target);
    }

    [Fact]
    public void a_revision_effective_in_the_future_is_not_yet_in_force()
    {
        var commitment = Revise(Given.Roads(), Given.Revised(Given.Today.AddDays(1), km: 50m, dueOn: new DateOnly(2030, 1, 1)));

        Assert.Equal(100m, At(commitment, Given.Today).Target);
        Assert.Equal(new DateOnly(2025, 12, 31), At(commitment, Given.Today).DueOn);
    }

    [Fact]
    public void the_latest_effective_revision_wins_even_when_recorded_first()
    {
        var commitment = Revise(Given.Roads(), Given.Revised(Jun2024, km: 300m), Given.Revised(Jan2023, km: 200m));

        Assert.Equal(300m, At(commitment, Given.Today).Target);
        Assert.Equal(200m, At(commitment, Jun2024.AddDays(-1)).Target);
    }

    [Fact]
    public void of_revisions_effective_the_same_day_the_one_recorded_last_wins()
    {
        var commitment = Revise(Given.Roads(), Given.Revised(Jan2023, km: 200m), Given.Revised(Jan2023, km: 150m));

        Assert.Equal(150m, At(commitment, Given.Today).Target);
    }

    [Fact]
    public void a_due_date_revision_leaves_the_target_alone()
    {
        var commitment = Revise(Given.Roads(), Given.Revised(Jan2023, km: 200m), Given.Revised(Jun2024, dueOn: new DateOnly(2030, 1, 1)));

        Assert.Equal(200m, At(commitment, Given.Today).Target);
        Assert.Equal(new DateOnly(2030, 1, 1), At(commitment, Given.Today).DueOn);
    }

    [Fact]
    public void a_target_revision_leaves_the_due_date_alone()
    {
        var commitment = Revise(Given.Roads(), Given.Revised(Jan2023, dueOn: new DateOnly(2028, 1, 1)), Given.Revised(Jun2024, km: 200m));

        Assert.Equal(new DateOnly(2028, 1, 1), At(commitment, Given.Today).DueOn);
    }

    [Fact]
    public void the_due_date_follows_the_same_rules_as_the_target()
    {
        var commitment = Revise(Given.Roads(),
            Given.Revised(Jun2024, dueOn: new DateOnly(2029, 1, 1)),
            Given.Revised(Jan2023, dueOn: new DateOnly(2027, 1, 1)),
            Given.Revised(Jun2024, dueOn: new DateOnly(2030, 1, 1)));

        Assert.Equal(new DateOnly(2025, 12, 31), At(commitment, Jan2023.AddDays(-1)).DueOn);
        Assert.Equal(new DateOnly(2027, 1, 1), At(commitment, Jan2023).DueOn);
        Assert.Equal(new DateOnly(2030, 1, 1), At(commitment, Jun2024).DueOn);
    }

    [Fact]
    public void a_commitment_without_due_date_has_none_until_a_revision_sets_one()
    {
        var commitment = Revise(Given.Roads(noDueDate: true), Given.Revised(Jun2024, dueOn: new DateOnly(2030, 1, 1)));

        Assert.Null(At(commitment, Jan2023).DueOn);
        Assert.Equal(new DateOnly(2030, 1, 1), At(commitment, Jun2024).DueOn);
    }

    [Fact]
    public void the_latest_claim_is_the_one_with_the_latest_as_of_date_not_the_last_recorded()
    {
        var commitment = Given.Roads().Apply(Given.Claimed(60m, Jun2024)).Apply(Given.Claimed(30m, Jan2023));

        Assert.Equal(60m, At(commitment, Given.Today).Claimed);
        Assert.Equal(30m, At(commitment, Jun2024.AddDays(-1)).Claimed);
    }

    [Fact]
    public void of_claims_as_of_the_same_day_the_one_recorded_last_wins()
    {
        var commitment = Given.Roads().Apply(Given.Claimed(60m, Jun2024)).Apply(Given.Claimed(55m, Jun2024));

        Assert.Equal(55m, At(commitment, Given.Today).Claimed);
    }

    [Fact]
    public void there_is_no_claim_before_the_first_one()
    {
        var commitment = Given.Roads().Apply(Given.Claimed(60m, Jun2024));

        Assert.Equal(0m, At(commitment, Jun2024.AddDays(-1)).Claimed);
        Assert.Equal(0m, At(Given.Roads(), Given.Today).Claimed);
    }
}
