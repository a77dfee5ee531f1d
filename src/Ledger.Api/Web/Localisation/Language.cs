using System.Globalization;
using Ledger.Commitments.Status;
using Ledger.Infrastructure;
using Ledger.Measuring;
using Ledger.Observations;
using Ledger.Observations.Corroborating;
using Ledger.Sourcing;
using Ledger.TimeTravel;

namespace Ledger.Web.Localisation;

/// <summary>
/// The page's language: <c>?lang=fr|en</c> (remembered in a cookie), else the cookie, else <c>Accept-Language</c>, else English.
/// Formats numbers and dates the way readers of that language expect.
/// </summary>
public sealed class Language
{
    public const string CookieName = "ledger_lang";

    public static readonly Language English = new("en", CultureInfo.GetCultureInfo("en-GB"));
    public static readonly Language French = new("fr", CultureInfo.GetCultureInfo("fr-FR"));

    readonly UnitCatalogue _units;

    Language(string code, CultureInfo culture, UnitCatalogue? units = null) =>
        (Code, Culture, _units) = (code, culture, units ?? UnitCatalogue.BuiltIn);

    /// <summary>This language naming the units of <paramref name="units"/> too (those a curator registered).</summary>
    public Language WithUnits(UnitCatalogue units) => new(Code, Culture, units);

    public string Code { get; }
    public CultureInfo Culture { get; }
    public bool IsFrench => Code == "fr";
    public Language Other => IsFrench ? English : French;

    /// <summary>The English text, or its French translation on a French page.</summary>
    public string this[string english] => IsFrench && Texts.French.TryGetValue(english, out var french) ? french : english;

    /// <summary>A figure; one that a sum capped at decimal's largest value is shown as "at least" it.</summary>
    public string Number(decimal value) => (value == decimal.MaxValue ? "≥ " : "") + value.ToString("#,0.##", Culture);

    public string Percent(decimal fraction) => fraction.ToString("P0", Culture);

    public string Date(DateOnly? day) => day?.ToString("d MMM yyyy", Culture) ?? "—";

    /// <summary>A date only as precisely as its sources give it: "2008", "Oct 2009", "22 Apr 2008".</summary>
    public string Date(DateOnly? day, DatePrecision? precision) => day?.ToString(precision switch
    {
        DatePrecision.Year => "yyyy",
        DatePrecision.Month => "MMM yyyy",
        _ => "d MMM yyyy",
    }, Culture) ?? "—";

    /// <summary>"1 commitment", "2 commitments"; French counts 0 and 1 as singular.</summary>
    public string Count(int count, string singular, string plural) =>
        $"{count.ToString("#,0", Culture)} {this[count == 1 || (IsFrench && count == 0) ? singular : plural]}";

    public string Instant(DateTimeOffset? at) => at?.UtcDateTime.ToString("d MMM yyyy HH:mm 'UTC'", Culture) ?? "—";

    public string UnitName(string code) =>
        _units.Find(code) is { } unit ? (IsFrench ? unit.French : unit.English) : code;

    public string Of(DeliveryStatus status) => Name(Names.Of(status));
    public string Of(Rating rating) => Name(Names.Of(rating));
    public string Of(Assessment assessment) => Name(Names.Of(assessment));
    public string Of(ModerationStatus status) => Name(Names.Of(status));
    public string Of(Verification verification) => Name(Names.Of(verification));

    /// <summary>An event's kind as histories and timelines name it (<c>commitment_revised</c>, <c>deal-amended</c>), in words.</summary>
    public string EventKind(string type) => Name(type.Replace('_', '-'));

    string Name(string kebab) => IsFrench ? this[kebab] : kebab.Replace('-', ' ');

    public static Language Resolve(HttpContext http)
    {
        var asked = Parse(http.Request.Query["lang"]);
        if (asked is not null)
        {
            http.Response.Cookies.Append(CookieName, asked.Code, new CookieOptions
            {
                HttpOnly = true, SameSite = SameSiteMode.Lax, Secure = http.Request.IsHttps, MaxAge = TimeSpan.FromDays(365), IsEssential = true,
            });
            return asked;
        }
        if (Parse(http.Request.Cookies[CookieName]) is { } remembered) return remembered;
        var accepted = http.Request.GetTypedHeaders().AcceptLanguage
            .OrderByDescending(l => l.Quality ?? 1)
            .Select(l => Parse(l.Value.Value?.Split('-')[0]))
            .FirstOrDefault(l => l is not null);
        return accepted ?? English;
    }

    static Language? Parse(string? code) => code?.Trim().ToLowerInvariant() switch
    {
        "fr" => French,
        "en" => English,
        _ => null,
    };
}
