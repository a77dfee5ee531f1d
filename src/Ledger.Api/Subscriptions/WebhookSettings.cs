using System.Globalization;

namespace Ledger.Subscriptions;

/// <summary>
/// <c>Ledger:Webhooks</c>: whether subscriptions may name private or loopback addresses (a receiver on the operator's own
/// network, or a test's), how long a delivery waits before each retry, and the most subscriptions one key may hold.
/// </summary>
public sealed class WebhookSettings
{
    public const string Section = "Ledger:Webhooks";

    /// <summary>10 s, 1 min, 5 min, 30 min, 1 h, 2 h, 4 h, 8 h, 8 h: nine retries over about 23.6 hours.</summary>
    public static readonly IReadOnlyList<TimeSpan> DefaultRetryDelays =
    [
        TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30),
        TimeSpan.FromHours(1), TimeSpan.FromHours(2), TimeSpan.FromHours(4), TimeSpan.FromHours(8), TimeSpan.FromHours(8),
    ];

    public bool AllowPrivateAddresses { get; }
    public IReadOnlyList<TimeSpan> RetryDelays { get; }
    public int MaxPerKey { get; }

    /// <summary>How long one POST may take, connecting included; a receiver should answer at once and work later.</summary>
    public TimeSpan Timeout { get; }

    public WebhookSettings(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        AllowPrivateAddresses = section.GetValue("AllowPrivateAddresses", false);
        MaxPerKey = section.GetValue("MaxPerKey", 25);
        Timeout = section.GetValue("Timeout", TimeSpan.FromSeconds(10));
        RetryDelays = ParseDelays(section["RetryDelays"]) ?? DefaultRetryDelays;
    }

    /// <summary>
    /// Delays separated by commas or spaces, each a TimeSpan (<c>00:00:10, 00:01:00</c>); a bad one stops the start-up.
    /// </summary>
    public static IReadOnlyList<TimeSpan>? ParseDelays(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        return [.. text.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(d =>
            TimeSpan.TryParse(d, CultureInfo.InvariantCulture, out var delay) && delay >= TimeSpan.Zero ? delay
                : throw new InvalidOperationException($"{Section}:RetryDelays: '{d}' is not a delay such as 00:00:10"))];
    }
}
