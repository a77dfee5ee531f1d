using System.Globalization;
using System.Text.RegularExpressions;

namespace Ledger.Web.Localisation;

/// <summary>
/// An amount typed on a page, read the way the page's language writes numbers: in English a point before decimals and
/// commas (or spaces) between thousands, "1,000.5"; in French a comma before decimals and spaces (or points) between
/// thousands, "1 000,5" or "1.000,5". Anything else is refused with a message, never guessed: "12,5" on an English page
/// is not 125.
/// </summary>
public static partial class TypedAmounts
{
    public const string NotEnglish =
        "must be written the English way: a point before decimals, commas between thousands (1,000.5 or 12.5)";

    public const string NotFrench =
        "must be written the French way: a comma before decimals, spaces or points between thousands (1 000,5 or 12,5)";

    /// <summary>The amount, or the message that says how to write it on this page.</summary>
    public static (decimal? Amount, string? Problem) Read(string typed, Language language)
    {
        // Every kind of space a keyboard or a copied figure may hold groups thousands the same way.
        var text = SpaceLike().Replace(typed.Trim(), " ");
        var match = (language.IsFrench ? French() : English()).Match(text);
        if (!match.Success) return (null, language.IsFrench ? NotFrench : NotEnglish);
        var digits = match.Groups["whole"].Value.Replace(" ", "").Replace(",", "").Replace(".", "");
        var decimals = match.Groups["decimals"].Success ? "." + match.Groups["decimals"].Value : "";
        var invariant = $"{match.Groups["sign"].Value}{digits}{decimals}";
        return decimal.TryParse(invariant, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture,
            out var amount) ? (amount, null) : (null, language.IsFrench ? NotFrench : NotEnglish);
    }

    [GeneratedRegex(@"[\s\u00a0\u202f\u2009]+")]
    private static partial Regex SpaceLike();

    // Groups of three after the first, all with the same separator.
    [GeneratedRegex(@"^(?<sign>-?)(?<whole>\d{1,3}(?:(?<g>[, ])\d{3})(?:\k<g>\d{3})*|\d+)(?:\.(?<decimals>\d+))?$")]
    private static partial Regex English();

    [GeneratedRegex(@"^(?<sign>-?)(?<whole>\d{1,3}(?:(?<g>[. ])\d{3})(?:\k<g>\d{3})*|\d+)(?:,(?<decimals>\d+))?$")]
    private static partial Regex French();
}
