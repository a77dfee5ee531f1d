using System.Text.RegularExpressions;

namespace Ledger.Observations.Submitting;

/// <summary>The forms a pseudonym and a contact may take.</summary>
public static partial class ObserverContact
{
    public const string PseudonymRule =
        "must be 2 to 40 letters, digits, spaces, '-', '_' or '.', with no e-mail address or phone number in it";

    public const string ContactRule =
        "must be a phone number (+243 81 234 5678), an e-mail address or a Signal handle (@name or signal:name.01)";

    /// <summary>A name to publish: short, plain, and not itself a way to reach the observer.</summary>
    public static bool IsPseudonym(string text) =>
        Pseudonym().IsMatch(text.Trim()) && NarrativeScreening.Flags(text).Count == 0 && text.Count(char.IsAsciiDigit) < 7;

    public static bool IsContact(string text) => text.Trim() is { Length: <= 200 } t
        && (Email().IsMatch(t) || Phone().IsMatch(t) && t.Count(char.IsAsciiDigit) is >= 7 and <= 15 || Handle().IsMatch(t));

    [GeneratedRegex(@"^[\p{L}\p{N}][\p{L}\p{N} ._-]{0,38}[\p{L}\p{N}]$")]
    private static partial Regex Pseudonym();

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]{2,}$")]
    private static partial Regex Email();

    [GeneratedRegex(@"^\+?[\d ().-]{7,24}$")]
    private static partial Regex Phone();

    [GeneratedRegex(@"^(signal:|@)[A-Za-z][A-Za-z0-9_.]{2,31}$")]
    private static partial Regex Handle();
}
