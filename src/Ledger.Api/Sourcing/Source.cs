using System.Text.Json.Serialization;
using Ledger.Infrastructure.Validation;

namespace Ledger.Sourcing;

/// <summary>Where a statement in the ledger comes from: every deal, commitment, revision and claim carries at least one.</summary>
/// <remarks>
/// <see cref="Unverified"/> marks a citation that does not establish the statement alone (a blog, an aggregator, a single
/// source); <see cref="DatePrecision"/> says the statement's date stands for a month or a year; <see cref="Note"/> says why.
/// They are left out of the JSON when not set, so sources recorded before they existed read the same.
/// </remarks>
public sealed record Source(string Url, string Publisher, DateOnly PublishedOn, string? Title,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool Unverified = false,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DatePrecision? DatePrecision = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Note = null);

/// <summary>A source as a client sends it; validated into a <see cref="Source"/>.</summary>
public sealed record SourceInput(string? Url, string? Publisher, DateOnly? PublishedOn, string? Title,
    bool? Unverified = null, DatePrecision? DatePrecision = null, string? Note = null)
{
    public Source ToSource() => new(Url!.Trim(), Publisher!.Trim(), PublishedOn!.Value, OptionalText.Of(Title),
        Unverified ?? false, DatePrecision, OptionalText.Of(Note));
}

public static class SourceInputs
{
    public static FieldErrors Sources(this FieldErrors errors, string field, IReadOnlyList<SourceInput?>? sources)
    {
        if (sources is null || sources.Count == 0) return errors.Add(field, "at least one source is required");
        if (sources.Count > 50) return errors.Add(field, "at most 50 sources");
        for (var i = 0; i < sources.Count; i++)
        {
            var at = $"{field}[{i}]";
            if (sources[i] is not { } source) { errors.Add(at, "must be an object"); continue; }
            errors.Url($"{at}.url", source.Url);
            errors.Text($"{at}.publisher", source.Publisher, 200);
            errors.Required($"{at}.publishedOn", source.PublishedOn);
            errors.Text($"{at}.title", source.Title, 500, required: false);
            errors.Text($"{at}.note", source.Note, 2000, required: false);
        }
        return errors;
    }

    /// <summary>The sources as recorded, once validation has accepted every one.</summary>
    public static IReadOnlyList<Source> ToSources(this IReadOnlyList<SourceInput?> inputs) => [.. inputs.Select(s => s!.ToSource())];
}

/// <summary>Statements in the ledger say when they happened in the world and who said so.</summary>
public interface ISourcedStatement
{
    /// <summary>The domain date: when it happened according to its sources (not when the ledger recorded it).</summary>
    DateOnly? OccurredOn { get; }

    IReadOnlyList<Source> Sources { get; }
}
