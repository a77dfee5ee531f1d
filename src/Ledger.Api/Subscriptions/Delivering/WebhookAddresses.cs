using System.Net;
using System.Net.Sockets;
using Ledger.Infrastructure.Validation;

namespace Ledger.Subscriptions.Delivering;

/// <summary>
/// Which addresses a webhook may reach (SSRF): public unicast only, unless the operator allows private ones. Checked on
/// the addresses a name resolves to when a subscription is made, and again on the address each delivery dials.
/// </summary>
public static class WebhookAddresses
{
    public const int MaxUrlLength = 2000;

    /// <summary>
    /// False for loopback, unspecified (0.0.0.0, ::), RFC 1918, shared (100.64/10), link-local (169.254/16 with the cloud
    /// metadata address, fe80::/10), unique-local (fc00::/7), site-local, multicast, broadcast and reserved addresses, and
    /// for IPv6 forms that embed an IPv4 address (mapped, compatible, NAT64, 6to4) when the embedded one is any of those.
    /// </summary>
    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) return IsPublic(address.MapToIPv4());
        var b = address.GetAddressBytes();
        if (address.AddressFamily == AddressFamily.InterNetwork)
            return !(b[0] is 0 or 10 or 127 || b[0] >= 224 // this network, private, loopback, multicast, reserved, broadcast
                || (b[0] == 100 && b[1] is >= 64 and < 128) || (b[0] == 169 && b[1] == 254)
                || (b[0] == 172 && b[1] is >= 16 and < 32) || (b[0] == 192 && b[1] == 168)
                || (b[0] == 192 && b[1] == 0 && b[2] == 0) || (b[0] == 198 && b[1] is 18 or 19));
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return false;
        if (address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast || (b[0] & 0xFE) == 0xFC) return false;
        // ::/96 holds ::, ::1 and the deprecated IPv4-compatible form; 64:ff9b::/96 is NAT64; 2002::/16 is 6to4.
        if (b.Take(12).All(x => x == 0)) return false;
        if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xFF && b[3] == 0x9B && b.Skip(4).Take(8).All(x => x == 0))
            return IsPublic(new IPAddress(b[12..16]));
        if (b[0] == 0x20 && b[1] == 0x02) return IsPublic(new IPAddress(b[2..6]));
        return true;
    }

    /// <summary>
    /// The webhook's address, or what is wrong with it: absolute http(s), no user name or password, at most
    /// <see cref="MaxUrlLength"/> characters, and, unless <paramref name="allowPrivate"/>, no loopback name or
    /// non-public address literal (names are resolved and checked by the caller).
    /// </summary>
    public static Uri? ParseUrl(string? url, bool allowPrivate, FieldErrors errors, string field = "url")
    {
        if (string.IsNullOrWhiteSpace(url)) { errors.Add(field, "is required"); return null; }
        if (url.Length > MaxUrlLength) { errors.Add(field, $"must be at most {MaxUrlLength} characters"); return null; }
        if (!StorableText.IsStorable(url)) { errors.Add(field, StorableText.Rule); return null; }
        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
            || string.IsNullOrEmpty(uri.IdnHost))
        {
            errors.Add(field, "must be an absolute http or https URL");
            return null;
        }
        if (uri.UserInfo.Length > 0) { errors.Add(field, "must not hold a user name or password"); return null; }
        if (!allowPrivate && Refusal(uri) is { } refusal) { errors.Add(field, refusal); return null; }
        return uri;
    }

    /// <summary>Why a URL's host may not be reached, judged from its text alone; null when only DNS can tell.</summary>
    static string? Refusal(Uri uri)
    {
        var host = uri.IdnHost.TrimEnd('.').ToLowerInvariant();
        if (host == "localhost" || host.EndsWith(".localhost")) return PrivateRule;
        return IPAddress.TryParse(host.Trim('[', ']'), out var literal) && !IsPublic(literal) ? PrivateRule : null;
    }

    public const string PrivateRule =
        "must reach a public address: loopback, private, link-local and other non-public addresses are refused";

    /// <summary>What a name resolves to, judged: null when every address is public.</summary>
    public static string? Refusal(IReadOnlyCollection<IPAddress> resolved) =>
        resolved.Count == 0 ? "names a host that does not resolve"
        : resolved.All(IsPublic) ? null
        : PrivateRule;
}
