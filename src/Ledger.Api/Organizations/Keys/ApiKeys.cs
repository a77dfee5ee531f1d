using System.Security.Cryptography;
using System.Text;

namespace Ledger.Organizations.Keys;

/// <summary>
/// API keys look like <c>ldg_&lt;key id, 32 hex&gt;_&lt;secret&gt;</c>: the id finds the stored hash in one read,
/// the secret (256 random bits) is checked against it in constant time.
/// </summary>
public static class ApiKeys
{
    const string Prefix = "ldg_";

    public static string Format(Guid keyId, string secret) => $"{Prefix}{keyId:N}_{secret}";

    public static string NewSecret() => Base64UrlEncode(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string secret) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(secret))).ToLowerInvariant();

    public static bool TryParse(string key, out Guid keyId, out string secret)
    {
        keyId = Guid.Empty;
        secret = "";
        if (!key.StartsWith(Prefix, StringComparison.Ordinal) || key.Length < Prefix.Length + 34 || key[Prefix.Length + 32] != '_')
            return false;
        if (!Guid.TryParseExact(key.AsSpan(Prefix.Length, 32), "N", out keyId)) return false;
        secret = key[(Prefix.Length + 33)..];
        return secret.Length > 0;
    }

    public static bool Matches(string secret, string storedSha256) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(secret)), Encoding.ASCII.GetBytes(storedSha256));

    public static bool SameSecret(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(a)), SHA256.HashData(Encoding.UTF8.GetBytes(b)));

    static string Base64UrlEncode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
