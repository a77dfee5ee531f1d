using System.Text.Json;

namespace Ledger.Infrastructure;

/// <summary>Enum values as the API spells them (kebab-case), for dictionary keys and CSV cells.</summary>
public static class Names
{
    public static string Of<T>(T value) where T : struct, Enum => Of(value.ToString());

    /// <summary>An enum member's name as the API spells it: <c>PartiallyDelivered</c> → <c>partially-delivered</c>.</summary>
    public static string Of(string memberName) => JsonNamingPolicy.KebabCaseLower.ConvertName(memberName);

    public static bool TryParse<T>(string? text, out T value) where T : struct, Enum
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        foreach (var candidate in Enum.GetValues<T>())
            if (Of(candidate) == text.Trim().ToLowerInvariant()) { value = candidate; return true; }
        return false;
    }

    public static string Known<T>() where T : struct, Enum => string.Join(", ", Enum.GetValues<T>().Select(v => Of(v)));
}
