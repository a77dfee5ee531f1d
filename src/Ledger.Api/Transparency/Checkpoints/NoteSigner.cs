using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;

namespace Ledger.Transparency.Checkpoints;

/// <summary>
/// Signs C2SP signed notes (c2sp.org/signed-note) with Ed25519: the note text, a blank line, then
/// <c>— &lt;key name&gt; base64(key ID ‖ signature)</c>. The key ID is SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key)[:4], so a verifier
/// holding the <see cref="VerifierKey"/> recognises the signature, and only a signature by that key.
/// </summary>
public sealed class NoteSigner
{
    const byte Ed25519Type = 0x01;
    readonly Ed25519PrivateKeyParameters _key;

    public NoteSigner(string name, ReadOnlySpan<byte> seed)
    {
        if (string.IsNullOrEmpty(name) || name.Any(c => char.IsWhiteSpace(c) || c == '+'))
            throw new ArgumentException($"A key name must be non-empty, without spaces or '+': '{name}'", nameof(name));
        if (seed.Length != Ed25519PrivateKeyParameters.KeySize) throw new ArgumentException("An Ed25519 seed is 32 bytes", nameof(seed));
        Name = name;
        _key = new Ed25519PrivateKeyParameters(seed.ToArray());
        PublicKey = _key.GeneratePublicKey().GetEncoded();
        KeyId = KeyIdFor(name, PublicKey);
    }

    public string Name { get; }
    public byte[] PublicKey { get; }
    public uint KeyId { get; }

    /// <summary>The verifier key in the form note tools read: <c>name+hex key ID+base64(0x01 ‖ public key)</c>.</summary>
    public string VerifierKey => $"{Name}+{KeyId:x8}+{Convert.ToBase64String([Ed25519Type, .. PublicKey])}";

    public static uint KeyIdFor(string name, byte[] publicKey) =>
        BinaryPrimitives.ReadUInt32BigEndian(SHA256.HashData([.. Encoding.UTF8.GetBytes(name), 0x0A, Ed25519Type, .. publicKey]));

    /// <summary>Reads a signer key: base64 of the 32-byte seed, or a note tool's <c>PRIVATE+KEY+name+id+base64(0x01 ‖ seed)</c>.</summary>
    public static NoteSigner Parse(string configured, string name)
    {
        configured = configured.Trim();
        if (configured.StartsWith("PRIVATE+KEY+", StringComparison.Ordinal))
        {
            var parts = configured.Split('+', 5);
            if (parts.Length != 5) throw new FormatException("A PRIVATE+KEY signer key has five '+'-separated parts");
            var raw = Convert.FromBase64String(parts[4]);
            if (raw.Length != 33 || raw[0] != Ed25519Type) throw new FormatException("Only Ed25519 signer keys (type 0x01) are supported");
            var signer = new NoteSigner(parts[2], raw.AsSpan(1));
            if (parts[3] != signer.KeyId.ToString("x8", CultureInfo.InvariantCulture))
                throw new FormatException($"The signer key's ID {parts[3]} does not match its name and key ({signer.KeyId:x8})");
            return signer;
        }
        return new NoteSigner(name, Convert.FromBase64String(configured));
    }

    /// <summary>The signed note: <paramref name="text"/> (ending in a newline), a blank line and this key's signature line.</summary>
    public string Sign(string text)
    {
        if (!text.EndsWith('\n')) throw new ArgumentException("A note's text ends with a newline", nameof(text));
        var message = Encoding.UTF8.GetBytes(text);
        var signer = new Ed25519Signer();
        signer.Init(true, _key);
        signer.BlockUpdate(message, 0, message.Length);
        var signature = signer.GenerateSignature();
        var blob = new byte[4 + signature.Length];
        BinaryPrimitives.WriteUInt32BigEndian(blob, KeyId);
        signature.CopyTo(blob, 4);
        return $"{text}\n\u2014 {Name} {Convert.ToBase64String(blob)}\n";
    }
}

/// <summary>The body of a C2SP tlog-checkpoint (c2sp.org/tlog-checkpoint): origin, tree size, base64 root hash; no extension lines.</summary>
public static class CheckpointText
{
    public static string Body(string origin, long treeSize, byte[] rootHash) =>
        $"{origin}\n{treeSize.ToString(CultureInfo.InvariantCulture)}\n{Convert.ToBase64String(rootHash)}\n";
}
