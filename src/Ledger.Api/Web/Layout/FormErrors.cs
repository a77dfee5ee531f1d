using Ledger.Infrastructure.Validation;
using Microsoft.AspNetCore.Mvc;

namespace Ledger.Web.Layout;

/// <summary>A handler's refusal as a form shows it: the messages per field, keyed as the REST route keys them.</summary>
public static class FormErrors
{
    /// <summary>
    /// The refusal's field errors (a problem that names no field goes under <c>form</c>), with what the form could not
    /// even read (a date, a number) in place of the handler's "is required" for the same field.
    /// </summary>
    public static IReadOnlyDictionary<string, string[]> Of(ProblemDetails problem, FieldErrors? unreadable = null)
    {
        var errors = problem switch
        {
            ValidationProblemDetails validation => new Dictionary<string, string[]>(validation.Errors),
            { Status: >= 400 } => new Dictionary<string, string[]> { ["form"] = [problem.Detail ?? problem.Title ?? ""] },
            _ => [],
        };
        foreach (var (field, messages) in unreadable?.Errors ?? new Dictionary<string, List<string>>())
            errors[field] = [.. messages];
        return errors;
    }
}
