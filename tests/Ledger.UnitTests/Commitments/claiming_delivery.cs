using Ledger.Commitments.ClaimingDelivery;
using Ledger.UnitTests.Support;

namespace Ledger.UnitTests.Commitments;

public class claiming_delivery
{
    [Fact]
    public void the_decision_records_who_claimed_how_much_by_when()
    {
        var claimId = Guid.CreateVersion7();
        var command = new ClaimDelivery("  Ministry of Infrastructure ", 1250.5m, new DateOnly(2024, 12, 31), [Given.SourceInput()]);

        var claimed = ClaimDeliveryHandler.Decide(Given.CommitmentId, claimId, Parsed.Valid(command.Parse(Given.Today)));

        Assert.Equal(Given.CommitmentId, claimed.CommitmentId);
        Assert.Equal(claimId, claimed.ClaimId);
        Assert.Equal("Ministry of Infrastructure", claimed.ClaimedBy);
        Assert.Equal(1250.5m, claimed.Amount);
        Assert.Equal(new DateOnly(2024, 12, 31), claimed.AsOf);
        Assert.Equal(claimed.AsOf, claimed.OccurredOn);
        Assert.Equal([Given.Source()], claimed.Sources);
    }

    [Fact]
    public void a_claim_is_kept_beside_earlier_claims()
    {
        var first = Given.Claimed(10m, new DateOnly(2023, 1, 1));
        var second = Given.Claimed(20m, new DateOnly(2024, 1, 1));

        var commitment = Given.Roads().Apply(first).Apply(second);

        Assert.Equal([first.ClaimId, second.ClaimId], commitment.Claims.Select(c => c.Id));
        Assert.Equal([10m, 20m], commitment.Claims.Select(c => c.Amount));
    }
}
