using Ledger.Observations;
using Ledger.Observations.Moderating;
using Ledger.UnitTests.Support;

namespace Ledger.UnitTests.Observations;

public class moderating_an_observation
{
    static readonly Observation Pending = Given.Observed(Given.Today.AddDays(-3), 42.5m, ModerationStatus.Pending);

    [Fact]
    public void accepting_records_the_day_and_an_optional_reason()
    {
        var accepted = Assert.IsType<ObservationAccepted>(
            ModerateObservationHandler.Decide(
                Parsed.Valid(new ModerateObservation(ModerationDecision.Accepted, "  Matches satellite imagery ").Parse()),
                Pending, Given.Today));

        Assert.Equal(new ObservationAccepted(Pending.Id, Given.CommitmentId, Given.Today, "Matches satellite imagery"), accepted);
        Assert.Equal(Given.Today, accepted.OccurredOn);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("   ")]
    public void accepting_without_a_reason_records_none(string? reason)
    {
        var accepted = Assert.IsType<ObservationAccepted>(
            ModerateObservationHandler.Decide(Parsed.Valid(new ModerateObservation(ModerationDecision.Accepted, reason).Parse()), Pending, Given.Today));

        Assert.Null(accepted.Reason);
    }

    [Fact]
    public void rejecting_records_the_day_and_the_trimmed_reason()
    {
        var rejected = Assert.IsType<ObservationRejected>(
            ModerateObservationHandler.Decide(
                Parsed.Valid(new ModerateObservation(ModerationDecision.Rejected, " Photo is of another road\n").Parse()),
                Pending, Given.Today));

        Assert.Equal(new ObservationRejected(Pending.Id, Given.CommitmentId, Given.Today, "Photo is of another road"), rejected);
    }

    [Fact]
    public void an_accepted_observation_is_final_with_its_reason()
    {
        var observation = Pending.Apply(new ObservationAccepted(Pending.Id, Given.CommitmentId, Given.Today, "Matches imagery"));

        Assert.Equal(ModerationStatus.Accepted, observation.Status);
        Assert.Equal(Given.Today, observation.DecidedOn);
        Assert.Equal("Matches imagery", observation.ModerationReason);
        Assert.Equal(Pending.Finding, observation.Finding);
    }

    [Fact]
    public void a_rejected_observation_keeps_what_was_reported()
    {
        var observation = Pending.Apply(new ObservationRejected(Pending.Id, Given.CommitmentId, Given.Today, "Another road"));

        Assert.Equal(ModerationStatus.Rejected, observation.Status);
        Assert.Equal("Another road", observation.ModerationReason);
        Assert.Equal(Pending.Narrative, observation.Narrative);
        Assert.Equal(ModerationStatus.Pending, Pending.Status);
    }
}
