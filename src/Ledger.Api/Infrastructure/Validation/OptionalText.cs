namespace Ledger.Infrastructure.Validation;

/// <summary>A blank optional text is "not given": recorded as absent, never as "" nor with its stray spaces.</summary>
public static class OptionalText
{
    public static string? Of(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
