using Ledger.Commitments.Making;
using Ledger.Measuring;
using Ledger.UnitTests.Support;

namespace Ledger.UnitTests.Commitments;

public class making_a_commitment
{
    static MakeCommitment Roads() => new(
        Promisor: Given.Sinohydro,
        Beneficiary: Given.Drc,
        Title: "Build 3,500 km of roads",
        Category: "roads",
        Target: new TargetInput(3500m, "km"),
        DueOn: new DateOnly(2011, 12, 31),
        Binding: true,
        MadeOn: new DateOnly(2008, 4, 22),
        Sources: [Given.SourceInput()]);

    /// <summary>What the route and the handler together say of a request: its field errors, else the deal's rule.</summary>
    static Microsoft.AspNetCore.Mvc.ProblemDetails Validate(MakeCommitment request) =>
        MakeCommitmentHandler.Check(request, Given.Sicomines(), Given.Today).Problem;

    static Ledger.Commitments.CommitmentMade Decide(MakeCommitment request, Guid commitmentId) =>
        MakeCommitmentHandler.Decide(commitmentId, Parsed.Valid(request.Parse(Given.Today)), Given.Sicomines());

    [Fact]
    public void a_complete_commitment_by_a_party_passes() => ProblemAssert.NoProblems(Validate(Roads()));

    [Fact]
    public void a_commitment_without_beneficiary_or_due_date_passes() =>
        ProblemAssert.NoProblems(Validate(Roads() with { Beneficiary = null, DueOn = null }));

    [Fact]
    public void a_commitment_made_in_the_future_is_named_on_made_on() =>
        ProblemAssert.InvalidFields(Validate(Roads() with { MadeOn = Given.Today.AddDays(2), DueOn = null }), "madeOn");

    [Fact]
    public void a_commitment_made_tomorrow_is_allowed_for_writers_east_of_utc() =>
        ProblemAssert.NoProblems(Validate(Roads() with { MadeOn = Given.Today.AddDays(1), DueOn = null }));

    [Fact]
    public void a_commitment_on_an_unknown_deal_is_not_found()
    {
        var dealId = Guid.CreateVersion7();
        var command = new MakeCommitmentCommand(dealId, Guid.CreateVersion7(), Roads(), Parsed.Curator);
        var (outcome, _) = MakeCommitmentHandler.Handle(command, null, UnitCatalogue.BuiltIn, new FixedClock(Given.Now));
        ProblemAssert.NotFound(outcome.Refusal!, dealId);
    }

    [Fact]
    public void a_promisor_that_is_not_a_party_is_named_with_the_parties_it_could_be()
    {
        var errors = ProblemAssert.InvalidFields(Validate(Roads() with { Promisor = "China Railway" }), "promisor");

        var message = Assert.Single(errors["promisor"]);
        Assert.Contains(Given.Sinohydro, message);
        Assert.Contains(Given.Drc, message);
    }

    [Fact]
    public void a_promisor_spelt_in_another_case_is_still_a_party() =>
        ProblemAssert.NoProblems(Validate(Roads() with { Promisor = "  sinohydro " }));

    [Fact]
    public void a_missing_promisor_is_required_not_a_stranger()
    {
        var errors = ProblemAssert.InvalidFields(Validate(Roads() with { Promisor = " " }), "promisor");
        Assert.Equal(["is required"], errors["promisor"]);
    }

    [Fact]
    public void an_unknown_unit_is_named()
    {
        var errors = ProblemAssert.InvalidFields(Validate(Roads() with { Target = new TargetInput(3500m, "miles") }), "target.unit");
        Assert.Contains("miles", Assert.Single(errors["target.unit"]));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void a_target_that_is_not_positive_is_named(int amount) =>
        ProblemAssert.InvalidFields(Validate(Roads() with { Target = new TargetInput(amount, "km") }), "target.amount");

    [Fact]
    public void a_missing_target_is_named() => ProblemAssert.InvalidFields(Validate(Roads() with { Target = null }), "target");

    [Fact]
    public void a_target_without_amount_or_unit_names_both() =>
        ProblemAssert.InvalidFields(Validate(Roads() with { Target = new TargetInput(null, null) }), "target.amount", "target.unit");

    [Theory]
    [InlineData("Roads")]
    [InlineData("public health")]
    [InlineData("1roads")]
    [InlineData("-roads")]
    [InlineData("roads_and_bridges")]
    public void a_category_that_is_not_a_slug_is_named(string category) =>
        ProblemAssert.InvalidFields(Validate(Roads() with { Category = category }), "category");

    [Fact]
    public void a_due_date_before_the_commitment_was_made_is_named() =>
        ProblemAssert.InvalidFields(Validate(Roads() with { DueOn = new DateOnly(2008, 4, 21) }), "dueOn");

    [Fact]
    public void a_commitment_due_the_day_it_is_made_passes() =>
        ProblemAssert.NoProblems(Validate(Roads() with { DueOn = new DateOnly(2008, 4, 22) }));

    [Fact]
    public void whether_it_is_binding_must_be_stated() =>
        ProblemAssert.InvalidFields(Validate(Roads() with { Binding = null }), "binding");

    [Fact]
    public void a_missing_date_of_making_is_named() =>
        ProblemAssert.InvalidFields(Validate(Roads() with { MadeOn = null }), "madeOn");

    [Fact]
    public void the_decision_uses_the_partys_own_spelling_and_the_catalogue_unit()
    {
        var commitmentId = Guid.CreateVersion7();
        var command = Roads() with { Promisor = " SINOHYDRO ", Target = new TargetInput(3500m, " KM "), Title = " Roads  " };

        var made = Decide(command, commitmentId);

        Assert.Equal(commitmentId, made.CommitmentId);
        Assert.Equal(Given.DealId, made.DealId);
        Assert.Equal(Given.Sinohydro, made.Promisor);
        Assert.Equal(new Target(3500m, "km"), made.Target);
        Assert.Equal("Roads", made.Title);
        Assert.Equal("roads", made.Category);
        Assert.Equal(Given.Drc, made.Beneficiary);
        Assert.Equal(new DateOnly(2011, 12, 31), made.DueOn);
        Assert.True(made.Binding);
        Assert.Equal(new DateOnly(2008, 4, 22), made.MadeOn);
        Assert.Equal(made.MadeOn, made.OccurredOn);
        Assert.Equal([Given.Source()], made.Sources);
    }

    [Fact]
    public void the_decision_normalises_currency_codes()
    {
        var made = Decide(Roads() with { Target = new TargetInput(6_000_000_000m, "usd") }, Guid.CreateVersion7());

        Assert.Equal(new Target(6_000_000_000m, "USD"), made.Target);
    }

    [Fact]
    public void the_decision_records_a_blank_beneficiary_as_none()
    {
        var made = Decide(Roads() with { Beneficiary = "  " }, Guid.CreateVersion7());

        Assert.Null(made.Beneficiary);
    }
}
