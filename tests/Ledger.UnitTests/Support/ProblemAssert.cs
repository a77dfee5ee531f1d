using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Ledger.UnitTests.Support;

static class ProblemAssert
{
    /// <summary>The decision let the request through.</summary>
    public static void NoProblems(ProblemDetails problem)
    {
        if (ReferenceEquals(problem, WolverineContinue.NoProblems)) return;
        var detail = problem is ValidationProblemDetails v
            ? string.Join("; ", v.Errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}"))
            : $"{problem.Status} {problem.Detail}";
        Assert.Fail($"Expected no problems, got {detail}");
    }

    /// <summary>A 400 whose errors are keyed by exactly these JSON field paths.</summary>
    public static IDictionary<string, string[]> InvalidFields(ProblemDetails problem, params string[] fields)
    {
        var invalid = Assert.IsType<ValidationProblemDetails>(problem);
        Assert.Equal(400, invalid.Status);
        Assert.Equal(fields.Order(StringComparer.Ordinal), invalid.Errors.Keys.Order(StringComparer.Ordinal));
        return invalid.Errors;
    }

    public static void NotFound(ProblemDetails problem, Guid id)
    {
        Assert.IsNotType<ValidationProblemDetails>(problem);
        Assert.Equal(404, problem.Status);
        Assert.Contains(id.ToString(), problem.Detail);
    }

    public static void Conflict(ProblemDetails problem, string? field = null)
    {
        Assert.IsNotType<ValidationProblemDetails>(problem);
        Assert.Equal(409, problem.Status);
        if (field is null) Assert.False(problem.Extensions.ContainsKey("field"));
        else Assert.Equal(field, problem.Extensions["field"]);
    }
}
