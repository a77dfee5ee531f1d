using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Ledger.Infrastructure.Validation;

/// <summary>
/// Collects every problem with a request, keyed by the field's JSON path (e.g. <c>sources[0].url</c>),
/// so a client learns all it must fix from one 400 answer.
/// </summary>
public sealed partial class FieldErrors
{
    readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;
    public IReadOnlyDictionary<string, List<string>> Errors => _errors;

    public FieldErrors Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var messages)) _errors[field] = messages = [];
        messages.Add(message);
        return this;
    }

    public FieldErrors Text(string field, string? value, int maxLength, bool required = true)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required) Add(field, "is required");
        }
        else if (value.Trim().Length > maxLength) Add(field, $"must be at most {maxLength} characters");
        else if (!StorableText.IsStorable(value)) Add(field, StorableText.Rule);
        return this;
    }

    public FieldErrors Required<T>(string field, T? value) where T : struct
    {
        if (value is null) Add(field, "is required");
        return this;
    }

    public FieldErrors NotInFuture(string field, DateOnly? value, DateOnly today)
    {
        // One day of grace: an observer east of UTC may already live in tomorrow.
        if (value is { } date && date > today.AddDays(1)) Add(field, "must not be in the future");
        return this;
    }

    /// <summary>
    /// The largest amount recorded: 10^15 (a thousand trillion, far above any deal's figures), so that summing every
    /// commitment of a unit stays within decimal's range (7.9 × 10^28) for up to 10^13 commitments.
    /// </summary>
    public const decimal MaxAmount = 1_000_000_000_000_000m;

    public FieldErrors Amount(string field, decimal? value, bool required = true, bool positive = false)
    {
        if (value is null)
        {
            if (required) Add(field, "is required");
        }
        else if (value < 0) Add(field, "must not be negative");
        else if (value > MaxAmount) Add(field, "must be at most 1000000000000000 (10^15)");
        else if (positive && value == 0) Add(field, "must be greater than zero");
        return this;
    }

    public FieldErrors Url(string field, string? url, bool required = true)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            if (required) Add(field, "is required");
        }
        else if (url.Length > 2048) Add(field, "must be at most 2048 characters");
        else if (!StorableText.IsStorable(url)) Add(field, StorableText.Rule);
        else if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            Add(field, "must be an absolute http or https URL");
        return this;
    }

    public FieldErrors Language(string field, string? language)
    {
        if (string.IsNullOrWhiteSpace(language)) Add(field, "is required");
        else if (!LanguageTag().IsMatch(language)) Add(field, "must be a language tag such as 'fr' or 'en'");
        return this;
    }

    public FieldErrors Slug(string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) Add(field, "is required");
        else if (!SlugPattern().IsMatch(value)) Add(field, "must be lowercase letters, digits and hyphens (e.g. 'rail' or 'public-health'), at most 40");
        return this;
    }

    /// <summary>No problems lets Wolverine go on to the endpoint; otherwise a 400 naming every bad field.</summary>
    public ProblemDetails ToProblem()
    {
        if (!Any) return WolverineContinue.NoProblems;
        return new ValidationProblemDetails(_errors.ToDictionary(e => e.Key, e => e.Value.ToArray()))
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "The request has invalid fields",
            Detail = string.Join("; ", _errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")),
            Type = "https://tools.ietf.org/html/rfc9110#section-15.5.1",
        };
    }

    [GeneratedRegex("^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")]
    private static partial Regex LanguageTag();

    [GeneratedRegex("^[a-z][a-z0-9-]{0,39}$")]
    private static partial Regex SlugPattern();
}
