using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;

namespace Ledger.Infrastructure.Http;

/// <summary>
/// Wolverine answers unreadable JSON with a 400 whose detail mentions the JSON path in prose and .NET type names.
/// This rewrites it into the same shape as a validation failure: an <c>errors</c> map keyed by the field that is wrong
/// (or the query parameter Wolverine could not parse), with the reason when a rule of <see cref="StrictJson"/> refused it.
/// </summary>
public static partial class MalformedJsonProblems
{
    public static void Rewrite(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        if (problem.Status != StatusCodes.Status400BadRequest || problem.Detail is null) return;
        if (problem.Title == "Invalid query string value"
            && problem.Extensions.TryGetValue("parameter", out var named) && named is string parameter)
        {
            problem.Extensions["errors"] =
                new Dictionary<string, string[]> { [parameter] = ["has the wrong type or format"] };
            return;
        }
        if (problem.Title != "Invalid JSON format") return;

        var (field, message) = Describe(problem.Detail);

        problem.Title = "The request body is not valid JSON for this route";
        problem.Detail = field == "$" ? "The body is empty or not well-formed JSON." : $"'{field}' {message}.";
        problem.Type = "https://tools.ietf.org/html/rfc9110#section-15.5.1";
        problem.Extensions["errors"] = new Dictionary<string, string[]> { [field] = [message] };
    }

    /// <summary>The field a System.Text.Json message names, and what is wrong with it, as a validation error says it.</summary>
    public static (string Field, string Message) Describe(string jsonMessage) =>
        UnmappedMember().Match(jsonMessage) is { Success: true } unmapped
            ? (unmapped.Groups["name"].Value, "is not a field of this request")
            : DuplicateMember().Match(jsonMessage) is { Success: true } duplicate
                ? (duplicate.Groups["name"].Value, "is given more than once")
                : JsonPath().Match(jsonMessage) is { Success: true } path
                    ? (Field(path.Groups["path"].Value), StrictJson.Refusal ?? "has the wrong type or format")
                    : ("$", "is not valid JSON");

    static string Field(string jsonPath) => jsonPath is "$" or "" ? "$" : jsonPath.TrimStart('$').TrimStart('.');

    [GeneratedRegex(@"The JSON property '(?<name>[^']+)' could not be mapped")]
    private static partial Regex UnmappedMember();

    [GeneratedRegex(@"Duplicate property '(?<name>[^']+)' encountered")]
    private static partial Regex DuplicateMember();

    [GeneratedRegex(@"Path: (?<path>\$[^ |]*)")]
    private static partial Regex JsonPath();
}
