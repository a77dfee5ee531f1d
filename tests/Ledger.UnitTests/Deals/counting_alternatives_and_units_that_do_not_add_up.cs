using Ledger.Commitments;
using Ledger.Commitments.Status;
using Ledger.Measuring;
using Ledger.Measuring.Registering;
using Ledger.UnitTests.Support;

namespace Ledger.UnitTests.Deals;

public class counting_alternatives_and_units_that_do_not_add_up
{
    static int _ids;

    static CommitmentStatus Status(decimal amount, string unit, string? version = null, string group = "annex", decimal seen = 0m)
    {
        var commitment = Given.Roads(km: amount) with
        {
            Id = new Guid($"00000000-0000-7000-8000-{Interlocked.Increment(ref _ids):D12}"),
            OriginalTarget = new Target(amount, unit),
        };
        var observations = seen > 0 ? new[] { Given.Observed(Given.Today.AddDays(-3), seen) } : [];
        return CommitmentStatus.Of(Given.FactsOf(commitment, observations), Given.Today, knownAt: null)! with
        {
            Alternative = version is null ? null : new Alternative(group, version),
        };
    }

    [Fact]
    public void a_group_counts_once_as_the_range_from_its_smallest_version_to_its_largest()
    {
        var km = Assert.Single(UnitScore.PerUnit([
            Status(3213m, "km", "A"), Status(3402m, "km", "A"), Status(3700m, "km", "B"), Status(100m, "km", seen: 40m),
        ]));

        Assert.Equal(UnitCounting.Range, km.Counted);
        Assert.Equal(3800m, km.Promised); // 100 outside the group + version B's 3,700
        Assert.Equal(6715m, km.UpTo!.Promised); // 100 + version A's 3,213 + 3,402
        Assert.Equal(40m, km.Verified);
        var annex = Assert.Single(km.Alternatives);
        Assert.Equal(("B", "A"), (annex.Min, annex.Max));
        Assert.Equal([6615m, 3700m], annex.Versions.Select(v => v.Figures.Promised));
        Assert.Equal(4, km.Commitments);
    }

    [Fact]
    public void a_version_with_nothing_in_a_unit_counts_zero_there()
    {
        var scores = UnitScore.PerUnit([Status(5000m, "housing-units", "B"), Status(3213m, "km", "A")]);

        var housing = scores.Single(s => s.Unit == "housing-units");
        Assert.Equal((0m, 5000m), (housing.Promised, housing.UpTo!.Promised));
        Assert.Equal("A", Assert.Single(housing.Alternatives).Min);
    }

    [Fact]
    public void the_same_group_name_in_two_deals_is_two_groups()
    {
        var other = Status(10m, "km", "A") with { DealId = Guid.CreateVersion7() };
        var km = Assert.Single(UnitScore.PerUnit([Status(20m, "km", "A"), Status(30m, "km", "B"), other]));

        Assert.Equal(2, km.Alternatives.Count);
        Assert.Equal((30m, 40m), (km.Promised, km.UpTo!.Promised)); // 20 (the smaller version) + 10; 30 + 10
    }

    [Fact]
    public void without_alternatives_a_unit_is_a_plain_sum()
    {
        var km = Assert.Single(UnitScore.PerUnit([Status(100m, "km"), Status(50m, "km")]));

        Assert.Equal((UnitCounting.Sum, 150m), (km.Counted, km.Promised));
        Assert.Null(km.UpTo);
        Assert.Empty(km.Alternatives);
    }

    [Theory]
    [InlineData("percent")]
    [InlineData("items")]
    public void a_unit_that_does_not_add_up_has_no_total_only_its_commitments(string unit)
    {
        var score = Assert.Single(UnitScore.PerUnit([Status(50m, unit), Status(50m, unit)]));

        Assert.Equal(UnitCounting.PerCommitment, score.Counted);
        Assert.Null(score.Promised);
        Assert.Null(score.Fulfilment);
        Assert.Equal([50m, 50m], score.PerCommitment.Select(c => c.Target));
    }

    [Fact]
    public void a_registered_unit_adds_up_as_it_was_registered_and_an_unknown_one_does_not()
    {
        var units = UnitCatalogue.BuiltIn.With([new UnitDefinition("dams", UnitKind.Count, "dams", "barrages")]);

        Assert.Equal(UnitCounting.Sum, Assert.Single(UnitScore.PerUnit([Status(2m, "dams")], units)).Counted);
        Assert.Equal(UnitCounting.PerCommitment, Assert.Single(UnitScore.PerUnit([Status(2m, "dams")])).Counted);
    }

    [Fact]
    public void registering_a_unit_checks_its_fields_and_that_its_code_is_free()
    {
        var dams = new RegisterUnit("dams", UnitKind.Count, "dams", "barrages", true);

        ProblemAssert.NoProblems(RegisterUnitHandler.Check(dams, UnitCatalogue.BuiltIn).Problem);
        Assert.Equal(409, RegisterUnitHandler.Check(dams with { Code = "KM" }, UnitCatalogue.BuiltIn).Problem.Status);
        ProblemAssert.InvalidFields(RegisterUnitHandler.Check(new RegisterUnit("1 dam", null, " ", null, null), UnitCatalogue.BuiltIn)
            .Problem, "code", "kind", "english", "french", "additive");
        ProblemAssert.InvalidFields(RegisterUnitHandler.Check(dams with { Kind = UnitKind.Ratio }, UnitCatalogue.BuiltIn).Problem,
            "additive");
    }
}
