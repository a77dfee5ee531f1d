using System.Globalization;
using Ledger.Infrastructure.Validation;
using Microsoft.AspNetCore.Mvc;

namespace Ledger.TimeTravel;

/// <summary>
/// The two time axes of every analytic read: <c>asOf</c>, a day of the world (revisions effective, claims and
/// observations dated, deadlines passed by then), and <c>knownAt</c>, an instant of the ledger's knowledge (only what
/// had been recorded by then). Without them: today, and everything recorded.
/// </summary>
public sealed record PointInTime(DateOnly AsOf, DateTimeOffset? KnownAt)
{
    public bool IsNow(DateOnly today) => AsOf == today && KnownAt is null;

    public static ProblemDetails Check(string? asOf, string? knownAt, FieldErrors? errors = null)
    {
        errors ??= new FieldErrors();
        if (asOf is not null && !TryParseDay(asOf, out _)) errors.Add("asOf", "must be a date as YYYY-MM-DD");
        if (knownAt is not null && !TryParseInstant(knownAt, out _))
            errors.Add("knownAt", "must be an ISO-8601 instant with a time zone, e.g. 2024-06-01T12:00:00Z");
        return errors.ToProblem();
    }

    /// <summary>Call after <see cref="Check"/> passed.</summary>
    public static PointInTime From(string? asOf, string? knownAt, TimeProvider clock)
    {
        var day = asOf is not null && TryParseDay(asOf, out var d) ? d : DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        return new PointInTime(day, knownAt is not null && TryParseInstant(knownAt, out var k) ? k : null);
    }

    static bool TryParseDay(string value, out DateOnly day) =>
        DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day);

    static bool TryParseInstant(string value, out DateTimeOffset instant)
    {
        // A '+' offset arrives as a space when the client did not encode it.
        var text = value.Trim().Replace(' ', '+');
        instant = default;
        var hasZone = text.EndsWith('Z') || text.EndsWith('z') || (text.Length > 6 && text[^6] is '+' or '-' && text[^3] == ':');
        return hasZone && text.Contains('T', StringComparison.OrdinalIgnoreCase)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out instant)
            && (instant = instant.ToUniversalTime()) != default;
    }
}
