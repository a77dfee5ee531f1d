namespace Ledger.Infrastructure.Validation;

/// <summary>
/// The one rule for text the ledger takes from outside (bodies, query values, path segments, forms): PostgreSQL cannot
/// store NUL (22021, 22P05 in jsonb) and UTF-8 has no unpaired surrogate, and other control characters are never meant.
/// </summary>
public static class StorableText
{
    public const string Rule =
        "must not contain NUL, other control characters (but tab and line breaks) or unpaired surrogates";

    /// <summary>Whether the text can be stored and shown as it was sent.</summary>
    public static bool IsStorable(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) i++;
            else if (char.IsSurrogate(c) || c is '\uFFFE' or '\uFFFF') return false;
            else if (char.IsControl(c) && c is not ('\t' or '\n' or '\r')) return false;
        }
        return true;
    }
}
