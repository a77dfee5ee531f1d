using Ledger.Commitments;
using Ledger.Commitments.Revising;
using Ledger.Measuring;
using Ledger.UnitTests.Support;

namespace Ledger.UnitTests.Commitments;

public class revising_a_commitment
{
    static ReviseCommitment NewTarget() => new(
        Target: new TargetInput(2000m, "km"), DueOn: null, EffectiveOn: new DateOnly(2017, 10, 1), Reason: "Tranche cut by the 2017 review",
        AmendmentId: null, Sources: [Given.SourceInput()], ExpectedVersion: null);

    static Commitment Roads() => Given.Roads() with { Version = 3 };

    /// <summary>What the route and the handler together say of a request: its field errors, else the commitment's rules.</summary>
    static Microsoft.AspNetCore.Mvc.ProblemDetails Validate(ReviseCommitment request, Commitment commitment, Ledger.Deals.Deal? deal) =>
        ReviseCommitmentHandler.Check(request, commitment, deal).Problem;

    static CommitmentRevised Decide(ReviseCommitment request, Guid revisionId) =>
        ReviseCommitmentHandler.Decide(Given.CommitmentId, revisionId, Parsed.Valid(request.Parse()));

    [Fact]
    public void a_new_target_in_the_same_unit_passes() => ProblemAssert.NoProblems(Validate(NewTarget(), Roads(), null));

    [Fact]
    public void a_new_due_date_alone_passes() =>
        ProblemAssert.NoProblems(Validate(NewTarget() with { Target = null, DueOn = new DateOnly(2030, 12, 31) }, Roads(), null));

    [Fact]
    public void the_current_version_as_expected_version_passes() =>
        ProblemAssert.NoProblems(Validate(NewTarget() with { ExpectedVersion = 3 }, Roads(), null));

    [Fact]
    public void a_new_due_date_before_the_commitment_was_made_is_named_on_due_on() =>
        ProblemAssert.InvalidFields(Validate(
            NewTarget() with { Target = null, DueOn = Roads().MadeOn.AddDays(-1) }, Roads(), null), "dueOn");

    [Fact]
    public void a_stale_expected_version_is_a_conflict_on_that_field()
    {
        var problem = Validate(NewTarget() with { ExpectedVersion = 2 }, Roads(), null);

        ProblemAssert.Conflict(problem, "expectedVersion");
        Assert.Contains("2", problem.Detail);
        Assert.Contains("3", problem.Detail);
    }

    [Fact]
    public void a_withdrawn_commitment_cannot_be_revised()
    {
        var withdrawn = Roads() with { WithdrawnOn = new DateOnly(2020, 1, 1) };

        ProblemAssert.Conflict(Validate(NewTarget(), withdrawn, null));
    }

    [Fact]
    public void a_revision_changing_neither_target_nor_due_date_is_named_on_target() =>
        ProblemAssert.InvalidFields(Validate(NewTarget() with { Target = null, DueOn = null }, Roads(), null), "target");

    [Fact]
    public void changing_the_unit_is_named_on_the_unit()
    {
        var errors = ProblemAssert.InvalidFields(
            Validate(NewTarget() with { Target = new TargetInput(2000m, "m") }, Roads(), null), "target.unit");

        Assert.Contains("'km'", Assert.Single(errors["target.unit"]));
    }

    [Fact]
    public void the_same_unit_spelt_in_another_case_is_not_a_change() =>
        ProblemAssert.NoProblems(Validate(NewTarget() with { Target = new TargetInput(2000m, "KM") }, Roads(), null));

    [Fact]
    public void an_unknown_unit_is_named_once_as_unknown()
    {
        var errors = ProblemAssert.InvalidFields(
            Validate(NewTarget() with { Target = new TargetInput(2000m, "leagues") }, Roads(), null), "target.unit");

        Assert.Contains("not a known unit", Assert.Single(errors["target.unit"]));
    }

    [Fact]
    public void a_target_that_is_not_positive_is_named() =>
        ProblemAssert.InvalidFields(
            Validate(NewTarget() with { Target = new TargetInput(0m, "km") }, Roads(), null), "target.amount");

    [Fact]
    public void an_amendment_the_deal_does_not_have_is_named() =>
        ProblemAssert.InvalidFields(
            Validate(NewTarget() with { AmendmentId = Guid.CreateVersion7() }, Roads(), Given.SicominesWithAmendment()),
            "amendmentId");

    [Fact]
    public void an_amendment_cited_without_its_deal_is_named() =>
        ProblemAssert.InvalidFields(
            Validate(NewTarget() with { AmendmentId = Given.AmendmentId }, Roads(), null), "amendmentId");

    [Fact]
    public void an_amendment_of_the_deal_passes() =>
        ProblemAssert.NoProblems(
            Validate(NewTarget() with { AmendmentId = Given.AmendmentId }, Roads(), Given.SicominesWithAmendment()));

    [Fact]
    public void every_bad_field_is_named_in_one_answer() =>
        ProblemAssert.InvalidFields(
            Validate(new ReviseCommitment(new TargetInput(-5m, "m"), null, null, null, Guid.CreateVersion7(), [], null),
                Roads(), Given.Sicomines()),
            "effectiveOn", "reason", "sources", "target.amount", "target.unit", "amendmentId");

    [Fact]
    public void the_decision_records_the_revision_with_the_catalogue_unit()
    {
        var revisionId = Guid.CreateVersion7();
        var command = NewTarget() with { Target = new TargetInput(2000m, "KM"), Reason = "  cut  ", AmendmentId = Given.AmendmentId };

        var revised = Decide(command, revisionId);

        Assert.Equal(Given.CommitmentId, revised.CommitmentId);
        Assert.Equal(revisionId, revised.RevisionId);
        Assert.Equal(new Target(2000m, "km"), revised.Target);
        Assert.Null(revised.DueOn);
        Assert.Equal(new DateOnly(2017, 10, 1), revised.EffectiveOn);
        Assert.Equal(revised.EffectiveOn, revised.OccurredOn);
        Assert.Equal("cut", revised.Reason);
        Assert.Equal(Given.AmendmentId, revised.AmendmentId);
        Assert.Equal([Given.Source()], revised.Sources);
    }

    [Fact]
    public void a_due_date_revision_records_no_target()
    {
        var revised = Decide(NewTarget() with { Target = null, DueOn = new DateOnly(2030, 12, 31) }, Guid.CreateVersion7());

        Assert.Null(revised.Target);
        Assert.Equal(new DateOnly(2030, 12, 31), revised.DueOn);
    }
}
