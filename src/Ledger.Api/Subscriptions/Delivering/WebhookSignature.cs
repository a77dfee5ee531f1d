using System.Security.Cryptography;
using System.Text;

namespace Ledger.Subscriptions.Delivering;

/// <summary>
/// <c>Ledger-Signature: t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256(secret, "&lt;t&gt;.&lt;body&gt;")&gt;</c>: the timestamp is
/// signed with the body, so a receiver that rejects old timestamps cannot be sent a recorded delivery again later.
/// </summary>
public static class WebhookSignature
{
    public const string SignatureHeader = "Ledger-Signature";
    public const string DeliveryHeader = "Ledger-Delivery";
    public const string EventHeader = "Ledger-Event";

    public static string Sign(string secret, long unixSeconds, string body)
    {
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{unixSeconds}.{body}"));
        return $"t={unixSeconds},v1={Convert.ToHexStringLower(mac)}";
    }

    /// <summary>A new secret: 32 random bytes, as 64 hex digits.</summary>
    public static string NewSecret() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
}
