using System.Security.Cryptography;
using System.Text;

namespace Ledger.Infrastructure;

/// <summary>
/// Ids derived from a name (RFC 9562 version 8, SHA-256 based): the same idempotency key from the same API key always
/// names the same new stream, so a retry can never record a second copy, even after the replay window.
/// </summary>
public static class DeterministicIds
{
    public static Guid From(string name)
    {
        Span<byte> bytes = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(name), bytes);
        var id = bytes[..16];
        id[6] = (byte)((id[6] & 0x0F) | 0x80);
        id[8] = (byte)((id[8] & 0x3F) | 0x80);
        return new Guid(id, bigEndian: true);
    }
}
