using Ledger.Deals;
using Ledger.Deals.Registering;
using Ledger.Sourcing;
using Ledger.UnitTests.Support;

namespace Ledger.UnitTests.Deals;

public class registering_a_deal
{
    static Microsoft.AspNetCore.Mvc.ProblemDetails Problem(RegisterDeal request) => request.Parse().Errors.ToProblem();

    static RegisterDeal ValidDeal() => new(
        "Sicomines minerals-for-infrastructure deal",
        [new PartyInput(Given.Drc, PartyKind.State, "CD"), new PartyInput(Given.Sinohydro, PartyKind.Company, "CN")],
        "Copper and cobalt concessions in exchange for roads and hospitals.",
        new DateOnly(2008, 4, 22),
        [Given.SourceInput()]);

    static RegisterDeal WithParties(params PartyInput?[] parties) => ValidDeal() with { Parties = parties };

    static RegisterDeal WithSource(SourceInput? source) => ValidDeal() with { Sources = [source] };

    [Fact]
    public void a_complete_deal_passes() => ProblemAssert.NoProblems(Problem(ValidDeal()));

    [Fact]
    public void a_deal_without_a_signing_date_or_party_countries_outside_states_passes() =>
        ProblemAssert.NoProblems(Problem(ValidDeal() with
        {
            SignedOn = null,
            Parties = [new PartyInput(Given.Drc, PartyKind.State, "CD"), new PartyInput("World Bank", PartyKind.Organisation, null)],
        }));

    [Fact]
    public void a_missing_title_is_named() =>
        ProblemAssert.InvalidFields(Problem(ValidDeal() with { Title = null }), "title");

    [Fact]
    public void a_blank_title_counts_as_missing()
    {
        var errors = ProblemAssert.InvalidFields(Problem(ValidDeal() with { Title = "   " }), "title");
        Assert.Equal(["is required"], errors["title"]);
    }

    [Fact]
    public void a_title_over_300_characters_is_named() =>
        ProblemAssert.InvalidFields(Problem(ValidDeal() with { Title = new string('t', 301) }), "title");

    [Fact]
    public void a_missing_summary_is_named() =>
        ProblemAssert.InvalidFields(Problem(ValidDeal() with { Summary = "" }), "summary");

    [Fact]
    public void missing_sources_are_named()
    {
        ProblemAssert.InvalidFields(Problem(ValidDeal() with { Sources = null }), "sources");
        ProblemAssert.InvalidFields(Problem(ValidDeal() with { Sources = [] }), "sources");
    }

    [Fact]
    public void a_deal_needs_at_least_two_parties()
    {
        ProblemAssert.InvalidFields(Problem(WithParties(new PartyInput(Given.Drc, PartyKind.State, "CD"))), "parties");
        ProblemAssert.InvalidFields(Problem(ValidDeal() with { Parties = null }), "parties");
    }

    [Fact]
    public void a_party_named_twice_is_rejected_whatever_its_case_and_spacing()
    {
        var errors = ProblemAssert.InvalidFields(Problem(WithParties(
            new PartyInput(Given.Sinohydro, PartyKind.Company, "CN"),
            new PartyInput(Given.Drc, PartyKind.State, "CD"),
            new PartyInput("  SINOHYDRO ", PartyKind.Company, "CN"))), "parties");
        Assert.Contains(errors["parties"], m => m.Contains(Given.Sinohydro, StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData("cd")]
    [InlineData("COD")]
    [InlineData("C")]
    [InlineData("")]
    [InlineData("C1")]
    public void a_country_that_is_not_an_alpha_2_code_is_named(string country) =>
        ProblemAssert.InvalidFields(Problem(WithParties(
            new PartyInput(Given.Drc, PartyKind.State, country), new PartyInput(Given.Sinohydro, PartyKind.Company, "CN"))),
            "parties[0].country");

    [Fact]
    public void a_state_without_a_country_is_named()
    {
        var errors = ProblemAssert.InvalidFields(Problem(WithParties(
            new PartyInput(Given.Sinohydro, PartyKind.Company, "CN"), new PartyInput(Given.Drc, PartyKind.State, null))),
            "parties[1].country");
        Assert.Equal(["is required for a state"], errors["parties[1].country"]);
    }

    [Fact]
    public void a_party_without_name_or_kind_is_named_by_its_position() =>
        ProblemAssert.InvalidFields(Problem(WithParties(
            new PartyInput(Given.Drc, PartyKind.State, "CD"), new PartyInput(null, null, null))),
            "parties[1].name", "parties[1].kind");

    [Fact]
    public void a_null_party_is_named_by_its_position() =>
        ProblemAssert.InvalidFields(Problem(WithParties(new PartyInput(Given.Drc, PartyKind.State, "CD"), null)),
            "parties[1]");

    [Theory]
    [InlineData("ftp://example.org/report.pdf")]
    [InlineData("/reports/sicomines")]
    [InlineData("reports/sicomines")]
    [InlineData("mailto:press@example.org")]
    [InlineData("javascript:alert(1)")]
    public void a_source_url_that_is_not_absolute_http_is_named(string url) =>
        ProblemAssert.InvalidFields(Problem(WithSource(Given.SourceInput() with { Url = url })), "sources[0].url");

    [Fact]
    public void a_source_without_publisher_is_named() =>
        ProblemAssert.InvalidFields(Problem(WithSource(Given.SourceInput() with { Publisher = " " })),
            "sources[0].publisher");

    [Fact]
    public void a_source_without_publication_date_is_named() =>
        ProblemAssert.InvalidFields(Problem(WithSource(Given.SourceInput() with { PublishedOn = null })),
            "sources[0].publishedOn");

    [Fact]
    public void a_null_source_is_named_by_its_position() =>
        ProblemAssert.InvalidFields(Problem(ValidDeal() with { Sources = [Given.SourceInput(), null] }), "sources[1]");

    [Fact]
    public void every_bad_field_is_named_in_one_answer()
    {
        var command = new RegisterDeal(
            Title: null,
            Parties: [new PartyInput("", PartyKind.State, "cd"), new PartyInput(Given.Sinohydro, null, null)],
            Summary: " ",
            SignedOn: null,
            Sources: [new SourceInput("ftp://example.org/x", null, null, new string('x', 501))]);

        var problem = Problem(command);

        ProblemAssert.InvalidFields(problem,
            "title", "summary", "parties[0].name", "parties[0].country", "parties[1].kind",
            "sources[0].url", "sources[0].publisher", "sources[0].publishedOn", "sources[0].title");
        Assert.Contains("sources[0].url", problem.Detail);
        Assert.Contains("parties[1].kind", problem.Detail);
    }

    [Fact]
    public void the_decision_trims_and_records_the_deal_as_registered()
    {
        var dealId = Guid.CreateVersion7();
        var command = new RegisterDeal(
            "  Sicomines deal ",
            [new PartyInput(" Democratic Republic of the Congo ", PartyKind.State, "CD"), new PartyInput("Sinohydro\t", PartyKind.Company, null)],
            "\nRoads for copper. ",
            new DateOnly(2008, 4, 22),
            [new SourceInput(" https://www.example.org/a ", " Example Monitor ", new DateOnly(2024, 1, 10), "  ")]);

        var curators = Guid.CreateVersion7();
        var registered = RegisterDealHandler.Decide(dealId, Parsed.Valid(command.Parse()), curators);

        Assert.Equal(dealId, registered.DealId);
        Assert.Equal("Sicomines deal", registered.Title);
        Assert.Equal("Roads for copper.", registered.Summary);
        Assert.Equal(new DateOnly(2008, 4, 22), registered.SignedOn);
        Assert.Equal(
            [new Party("Democratic Republic of the Congo", PartyKind.State, "CD"), new Party("Sinohydro", PartyKind.Company, null)],
            registered.Parties);
        Assert.Equal([new Source("https://www.example.org/a", "Example Monitor", new DateOnly(2024, 1, 10), null)], registered.Sources);
        Assert.Equal(registered.SignedOn, registered.OccurredOn);
        Assert.Equal(curators, registered.RegisteredByOrganizationId);
        Assert.Equal([curators], DealCurators.Create(registered).OrganizationIds);
    }
}
