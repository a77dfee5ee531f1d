using Ledger.Commitments;
using Ledger.Measuring;
using Ledger.UnitTests.Support;

namespace Ledger.UnitTests.Commitments;

public class building_a_commitment
{
    [Fact]
    public void a_made_commitment_starts_unrevised_unclaimed_and_in_force()
    {
        var made = Given.RoadsPromised();

        var commitment = Commitment.Create(made);

        Assert.Equal(made.CommitmentId, commitment.Id);
        Assert.Equal(made.DealId, commitment.DealId);
        Assert.Equal(made.Promisor, commitment.Promisor);
        Assert.Equal(made.Beneficiary, commitment.Beneficiary);
        Assert.Equal(made.Title, commitment.Title);
        Assert.Equal(made.Category, commitment.Category);
        Assert.Equal(new Target(3500m, "km"), commitment.OriginalTarget);
        Assert.Equal("km", commitment.Unit);
        Assert.Equal(made.DueOn, commitment.OriginalDueOn);
        Assert.Equal(made.Binding, commitment.Binding);
        Assert.Equal(made.MadeOn, commitment.MadeOn);
        Assert.Empty(commitment.Revisions);
        Assert.Empty(commitment.Claims);
        Assert.Null(commitment.WithdrawnOn);
    }

    [Fact]
    public void a_revision_is_added_and_the_original_terms_stay()
    {
        var revised = Given.Revised(new DateOnly(2017, 10, 1), km: 2000m, dueOn: new DateOnly(2030, 12, 31));
        var original = Given.Roads();

        var commitment = original.Apply(revised);

        var revision = Assert.Single(commitment.Revisions);
        Assert.Equal(new Revision(revised.RevisionId, new Target(2000m, "km"), new DateOnly(2030, 12, 31), new DateOnly(2017, 10, 1),
            "Renegotiated", null), revision);
        Assert.Equal(new Target(100m, "km"), commitment.OriginalTarget);
        Assert.Equal(new DateOnly(2025, 12, 31), commitment.OriginalDueOn);
        Assert.Empty(original.Revisions);
    }

    [Fact]
    public void a_claim_is_added_with_who_made_it()
    {
        var claimed = Given.Claimed(40m, new DateOnly(2024, 1, 1));

        var commitment = Given.Roads().Apply(claimed);

        Assert.Equal(new Claim(claimed.ClaimId, "Ministry of Infrastructure", 40m, new DateOnly(2024, 1, 1)), Assert.Single(commitment.Claims));
    }
}

public class replaying_events_onto_a_snapshot
{
    [Fact]
    public void applying_the_same_claim_or_revision_twice_records_it_once()
    {
        var claim = Given.Claimed(40m, new DateOnly(2024, 1, 1));
        var revision = Given.Revised(new DateOnly(2023, 1, 1), km: 80m);

        var once = Given.Roads().Apply(claim).Apply(revision);
        var twice = once.Apply(claim).Apply(revision);

        Assert.Single(twice.Claims);
        Assert.Single(twice.Revisions);
        Assert.Equal(once.Claims, twice.Claims);
    }

    [Fact]
    public void applying_the_same_amendment_or_announcement_twice_records_it_once()
    {
        var amended = new Ledger.Deals.DealAmended(Given.DealId, Guid.CreateVersion7(), new DateOnly(2009, 10, 1), "IMF", [Given.Source()]);
        var announced = new Ledger.Deals.AnnouncementRecorded(Given.DealId, Guid.CreateVersion7(), "Muyaya", "Spokesperson",
            new DateOnly(2025, 3, 20), "Talks.", "en", [Given.Source()]);

        var deal = Given.Sicomines().Apply(amended).Apply(announced).Apply(amended).Apply(announced);

        Assert.Single(deal.Amendments);
        Assert.Single(deal.Announcements);
    }
}
