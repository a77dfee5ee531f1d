using Ledger.Commitments;
using Ledger.Commitments.Withdrawing;
using Ledger.UnitTests.Support;

namespace Ledger.UnitTests.Commitments;

public class withdrawing_a_commitment
{
    [Fact]
    public void the_decision_records_when_and_why()
    {
        var command = new WithdrawCommitment(new DateOnly(2021, 3, 1), "  Abandoned in the renegotiation \n", [Given.SourceInput()]);

        var withdrawn = WithdrawCommitmentHandler.Decide(Given.CommitmentId, Parsed.Valid(command.Parse()));

        Assert.Equal(Given.CommitmentId, withdrawn.CommitmentId);
        Assert.Equal(new DateOnly(2021, 3, 1), withdrawn.WithdrawnOn);
        Assert.Equal(withdrawn.WithdrawnOn, withdrawn.OccurredOn);
        Assert.Equal("Abandoned in the renegotiation", withdrawn.Reason);
        Assert.Equal([Given.Source()], withdrawn.Sources);
    }

    [Fact]
    public void a_withdrawn_commitment_keeps_its_terms_on_record()
    {
        var roads = Given.Roads();

        var withdrawn = roads.Apply(new CommitmentWithdrawn(Given.CommitmentId, new DateOnly(2021, 3, 1), "Abandoned", [Given.Source()]));

        Assert.Equal(new DateOnly(2021, 3, 1), withdrawn.WithdrawnOn);
        Assert.Equal(roads.OriginalTarget, withdrawn.OriginalTarget);
        Assert.Equal(roads.OriginalDueOn, withdrawn.OriginalDueOn);
        Assert.Null(roads.WithdrawnOn);
    }
}
