using Ledger.Infrastructure.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Ledger.UnitTests.Infrastructure;

public class malformed_json_problems
{
    static ProblemDetails Rewritten(ProblemDetails problem)
    {
        MalformedJsonProblems.Rewrite(new ProblemDetailsContext { HttpContext = new DefaultHttpContext(), ProblemDetails = problem });
        return problem;
    }

    static ProblemDetails InvalidJson(string detail) => new() { Status = 400, Title = "Invalid JSON format", Detail = detail };

    static Dictionary<string, string[]> ErrorsOf(ProblemDetails problem) =>
        Assert.IsType<Dictionary<string, string[]>>(problem.Extensions["errors"]);

    [Fact]
    public void a_mistyped_value_is_keyed_by_its_field_path()
    {
        var problem = Rewritten(InvalidJson(
            "The JSON value could not be converted to Ledger.Deals.PartyKind. Path: $.parties[0].kind | LineNumber: 0 | BytePositionInLine: 52."));

        Assert.Equal(["parties[0].kind"], ErrorsOf(problem).Keys);
        Assert.Equal(["has the wrong type or format"], ErrorsOf(problem)["parties[0].kind"]);
        Assert.Equal(400, problem.Status);
        Assert.Equal("The request body is not valid JSON for this route", problem.Title);
        Assert.Equal("'parties[0].kind' has the wrong type or format.", problem.Detail);
        Assert.DoesNotContain("Ledger.", problem.Detail);
    }

    [Fact]
    public void a_nested_path_keeps_its_dots_and_indexes()
    {
        var problem = Rewritten(InvalidJson("The JSON value could not be converted. Path: $.sources[2].publishedOn | LineNumber: 3 | BytePositionInLine: 9."));

        Assert.Equal(["sources[2].publishedOn"], ErrorsOf(problem).Keys);
    }

    [Fact]
    public void an_unmapped_member_is_keyed_by_its_name()
    {
        var problem = Rewritten(InvalidJson(
            "The JSON property 'colour' could not be mapped to any .NET member contained in type " +
            "'Ledger.Deals.Registering.RegisterDeal'. Path: $ | LineNumber: 0 | BytePositionInLine: 10."));

        Assert.Equal(["colour"], ErrorsOf(problem).Keys);
        Assert.Equal(["is not a field of this request"], ErrorsOf(problem)["colour"]);
        Assert.Equal("'colour' is not a field of this request.", problem.Detail);
    }

    [Fact]
    public void a_body_that_is_not_json_at_all_is_keyed_at_the_root()
    {
        var problem = Rewritten(InvalidJson("'h' is an invalid start of a value. LineNumber: 0 | BytePositionInLine: 0."));

        Assert.Equal(["$"], ErrorsOf(problem).Keys);
        Assert.Equal("The body is empty or not well-formed JSON.", problem.Detail);
    }

    [Fact]
    public void other_problems_are_left_untouched()
    {
        var notFound = new ProblemDetails { Status = 404, Title = "Deal not found", Detail = "Path: $.x" };
        var otherBadRequest = new ProblemDetails { Status = 400, Title = "The request has invalid fields", Detail = "Path: $.title" };
        var noDetail = new ProblemDetails { Status = 400, Title = "Invalid JSON format" };

        foreach (var problem in new[] { notFound, otherBadRequest, noDetail })
        {
            var (title, detail) = (problem.Title, problem.Detail);
            Rewritten(problem);
            Assert.Equal((title, detail), (problem.Title, problem.Detail));
            Assert.False(problem.Extensions.ContainsKey("errors"));
        }
    }
}
