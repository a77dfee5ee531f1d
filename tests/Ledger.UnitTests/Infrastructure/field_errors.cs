using Ledger.Infrastructure.Validation;
using Ledger.Measuring;
using Ledger.Sourcing;
using Ledger.UnitTests.Support;

namespace Ledger.UnitTests.Infrastructure;

public class field_errors
{
    static IDictionary<string, string[]> Named(FieldErrors errors, params string[] fields) => ProblemAssert.InvalidFields(errors.ToProblem(), fields);

    [Fact]
    public void no_errors_let_the_request_through() => ProblemAssert.NoProblems(new FieldErrors().ToProblem());

    [Fact]
    public void text_up_to_its_limit_passes_and_one_more_character_fails()
    {
        ProblemAssert.NoProblems(new FieldErrors().Text("title", new string('t', 300), 300).ToProblem());
        var errors = Named(new FieldErrors().Text("title", new string('t', 301), 300), "title");
        Assert.Equal(["must be at most 300 characters"], errors["title"]);
    }

    [Fact]
    public void surrounding_spaces_do_not_count_towards_the_limit() =>
        ProblemAssert.NoProblems(new FieldErrors().Text("title", "  " + new string('t', 10) + "\n", 10).ToProblem());

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" \t\n")]
    public void blank_text_is_required_unless_optional(string? value)
    {
        Assert.Equal(["is required"], Named(new FieldErrors().Text("title", value, 10), "title")["title"]);
        ProblemAssert.NoProblems(new FieldErrors().Text("title", value, 10, required: false).ToProblem());
    }

    [Fact]
    public void a_negative_amount_is_named()
    {
        Assert.Equal(["must not be negative"], Named(new FieldErrors().Amount("amount", -0.01m), "amount")["amount"]);
        ProblemAssert.NoProblems(new FieldErrors().Amount("amount", 0m).ToProblem());
    }

    [Fact]
    public void zero_is_refused_only_where_a_positive_amount_is_needed()
    {
        Assert.Equal(["must be greater than zero"], Named(new FieldErrors().Amount("amount", 0m, positive: true), "amount")["amount"]);
        ProblemAssert.NoProblems(new FieldErrors().Amount("amount", 0.01m, positive: true).ToProblem());
    }

    [Fact]
    public void a_missing_amount_is_required_unless_optional()
    {
        Named(new FieldErrors().Amount("amount", null), "amount");
        ProblemAssert.NoProblems(new FieldErrors().Amount("amount", null, required: false).ToProblem());
    }

    [Theory]
    [InlineData("http://example.org")]
    [InlineData("https://example.org/report?id=1#p2")]
    [InlineData("HTTPS://EXAMPLE.ORG/A")]
    [InlineData("  https://example.org/padded  ")]
    public void absolute_http_and_https_urls_pass(string url) => ProblemAssert.NoProblems(new FieldErrors().Url("url", url).ToProblem());

    [Theory]
    [InlineData("ftp://example.org/report.pdf")]
    [InlineData("file:///etc/passwd")]
    [InlineData("mailto:press@example.org")]
    [InlineData("javascript:alert(1)")]
    [InlineData("/reports/1")]
    [InlineData("example.org/report")]
    [InlineData("https://")]
    public void other_urls_are_named(string url) =>
        Assert.Equal(["must be an absolute http or https URL"], Named(new FieldErrors().Url("url", url), "url")["url"]);

    [Fact]
    public void a_url_over_2048_characters_is_named() =>
        Assert.Equal(["must be at most 2048 characters"],
            Named(new FieldErrors().Url("url", "https://example.org/" + new string('a', 2029)), "url")["url"]);

    [Theory]
    [InlineData("fr")]
    [InlineData("en")]
    [InlineData("lua")]
    [InlineData("en-GB")]
    [InlineData("zh-Hant-TW")]
    [InlineData("sw-CD")]
    public void language_tags_pass(string language) => ProblemAssert.NoProblems(new FieldErrors().Language("language", language).ToProblem());

    [Theory]
    [InlineData("EN")]
    [InlineData("f")]
    [InlineData("french")]
    [InlineData("en_GB")]
    [InlineData("en-")]
    [InlineData("en-G")]
    [InlineData(" fr")]
    public void other_languages_are_named(string language) => Named(new FieldErrors().Language("language", language), "language");

    [Fact]
    public void a_missing_language_is_required() =>
        Assert.Equal(["is required"], Named(new FieldErrors().Language("language", null), "language")["language"]);

    [Theory]
    [InlineData("rail")]
    [InlineData("public-health")]
    [InlineData("r2")]
    public void slugs_pass(string slug) => ProblemAssert.NoProblems(new FieldErrors().Slug("category", slug).ToProblem());

    [Fact]
    public void a_slug_may_be_forty_characters_but_not_forty_one()
    {
        ProblemAssert.NoProblems(new FieldErrors().Slug("category", new string('a', 40)).ToProblem());
        Named(new FieldErrors().Slug("category", new string('a', 41)), "category");
    }

    [Fact]
    public void a_unit_must_be_in_the_catalogue()
    {
        ProblemAssert.NoProblems(new FieldErrors().Unit("unit", "usd").ToProblem());
        Assert.Equal(["is required"], Named(new FieldErrors().Unit("unit", " "), "unit")["unit"]);
        Assert.Contains("USD", Assert.Single(Named(new FieldErrors().Unit("unit", "dollars"), "unit")["unit"]));
    }

    [Fact]
    public void a_date_up_to_tomorrow_is_not_in_the_future()
    {
        ProblemAssert.NoProblems(new FieldErrors().NotInFuture("asOf", Given.Today.AddDays(1), Given.Today).ToProblem());
        ProblemAssert.NoProblems(new FieldErrors().NotInFuture("asOf", null, Given.Today).ToProblem());
        Named(new FieldErrors().NotInFuture("asOf", Given.Today.AddDays(2), Given.Today), "asOf");
    }

    [Fact]
    public void sources_are_named_by_their_position_in_the_list()
    {
        var sources = new SourceInput?[] { Given.SourceInput(), Given.SourceInput() with { Url = "ftp://x", Title = new string('x', 501) } };

        Named(new FieldErrors().Sources("sources", sources), "sources[1].url", "sources[1].title");
    }

    [Fact]
    public void a_source_note_is_optional_and_at_most_2000_characters()
    {
        ProblemAssert.NoProblems(new FieldErrors().Sources("sources", [Given.SourceInput() with { Note = new string('x', 2000) }]).ToProblem());
        Named(new FieldErrors().Sources("sources", [Given.SourceInput() with { Note = new string('x', 2001) }]), "sources[0].note");
    }

    [Fact]
    public void more_than_fifty_sources_are_refused()
    {
        ProblemAssert.NoProblems(new FieldErrors().Sources("sources", [.. Enumerable.Repeat(Given.SourceInput(), 50)]).ToProblem());
        Named(new FieldErrors().Sources("sources", [.. Enumerable.Repeat(Given.SourceInput(), 51)]), "sources");
    }

    [Fact]
    public void a_target_names_its_amount_and_unit() =>
        Named(new FieldErrors().Target("target", new TargetInput(0m, "parsecs")), "target.amount", "target.unit");

    [Fact]
    public void every_message_for_a_field_is_kept_and_every_field_is_in_the_detail()
    {
        var problem = new FieldErrors()
            .Add("parties", "a deal has at least two parties")
            .Add("parties", "each party appears once")
            .Text("title", null, 10)
            .ToProblem();

        var errors = ProblemAssert.InvalidFields(problem, "parties", "title");
        Assert.Equal(["a deal has at least two parties", "each party appears once"], errors["parties"]);
        Assert.Equal("parties: a deal has at least two parties, each party appears once; title: is required", problem.Detail);
    }
}
