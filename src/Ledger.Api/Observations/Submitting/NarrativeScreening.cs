using System.Text.RegularExpressions;

namespace Ledger.Observations.Submitting;

/// <summary>
/// What in a narrative looks like a way to reach or name someone: an e-mail address, a phone number (international,
/// or a national number starting with 0), a messaging handle. Such a narrative is accepted but flagged to the curator;
/// until a curator publishes a redacted one, the public reads it with those parts masked.
/// </summary>
public static partial class NarrativeScreening
{
    public const string Email = "email", Phone = "phone", Handle = "handle";

    public static IReadOnlyList<string> Flags(string narrative) =>
        [.. Patterns.Where(p => p.Pattern.Matches(narrative).Any(m => p.Counts(m.Value))).Select(p => p.Flag)];

    /// <summary>The narrative with every match replaced by a mark saying what was there.</summary>
    public static string Masked(string narrative) => Patterns.Aggregate(narrative, (text, p) =>
        p.Pattern.Replace(text, m => p.Counts(m.Value) ? $"[{p.Flag} withheld]" : m.Value));

    static readonly (string Flag, Regex Pattern, Func<string, bool> Counts)[] Patterns =
    [
        (Email, EmailAddress(), _ => true),
        (Phone, PhoneNumber(), m => m.Count(char.IsAsciiDigit) is >= 9 and <= 15),
        (Handle, MessagingHandle(), _ => true),
    ];

    [GeneratedRegex(@"[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(\.[\p{L}\p{N}-]+)*\.\p{L}{2,}")]
    private static partial Regex EmailAddress();

    // + or 0, then digits in groups with single spaces, dots, dashes or brackets between, 9 to 15 digits in all:
    // 0812345678, +243 81 234 5678. A figure such as 6 186 000 000 does not start so; a date has too few digits.
    [GeneratedRegex(@"(?<![\p{N}.,])(\+|\b0)\(?\d{1,4}\)?([ .-]?\(?\d{1,4}\)?){2,7}(?!\p{N})")]
    private static partial Regex PhoneNumber();

    [GeneratedRegex(@"(?<![\p{L}\p{N}._%+-])@[A-Za-z][A-Za-z0-9_.]{3,31}")]
    private static partial Regex MessagingHandle();
}
