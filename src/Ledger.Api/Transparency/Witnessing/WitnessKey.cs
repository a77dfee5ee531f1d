using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;

namespace Ledger.Transparency.Witnessing;

/// <summary>
/// A witness's cosignature key as its operator registers it: a vkey <c>name+hex key ID+base64(0x04 ‖ Ed25519 public key)</c>
/// (c2sp.org/tlog-cosignature, whose key ID is SHA-256(name ‖ 0x0A ‖ 0x04 ‖ key)[:4]).
/// </summary>
public sealed record WitnessKey(string Name, uint KeyId, byte[] PublicKey)
{
    const byte CosignatureType = 0x04;
    const int BlobLength = 4 + 8 + 64;

    public string VerifierKey => $"{Name}+{KeyId:x8}+{Convert.ToBase64String([CosignatureType, .. PublicKey])}";

    public static WitnessKey Parse(string vkey)
    {
        var parts = vkey.Trim().Split('+', 3); // base64 may hold '+'; a name and a key ID never do
        if (parts is not [{ Length: > 0 } name, { Length: 8 } id, var material]
            || !uint.TryParse(id, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var keyId))
            throw new FormatException($"'{vkey.Trim()}' is not a witness vkey of the form name+keyid+base64(0x04 ‖ key)");
        byte[] raw;
        try { raw = Convert.FromBase64String(material); }
        catch (FormatException) { throw new FormatException($"the key of the witness '{name}' is not base64"); }
        if (raw.Length != 33 || raw[0] != CosignatureType)
            throw new FormatException($"the key of the witness '{name}' is not an Ed25519 cosignature key (type 0x04, 32 bytes)");
        var key = new WitnessKey(name, keyId, raw[1..]);
        if (KeyIdFor(name, key.PublicKey) != keyId)
            throw new FormatException($"the key ID {id} of the witness '{name}' does not match its name and key");
        return key;
    }

    public static uint KeyIdFor(string name, byte[] publicKey) =>
        BinaryPrimitives.ReadUInt32BigEndian(SHA256.HashData([.. Encoding.UTF8.GetBytes(name), 0x0A, CosignatureType, .. publicKey]));

    /// <summary>Whether a signature line's name and blob are this key's (the name and key ID match).</summary>
    public bool Signed(string name, byte[] blob) =>
        name == Name && blob.Length >= 4 && BinaryPrimitives.ReadUInt32BigEndian(blob) == KeyId;

    /// <summary>The time of this key's cosignature <paramref name="blob"/> over the checkpoint, or null when it does not verify.</summary>
    public DateTimeOffset? Verify(string checkpointText, byte[] blob)
    {
        if (blob.Length != BlobLength) return null;
        var timestamp = BinaryPrimitives.ReadInt64BigEndian(blob.AsSpan(4));
        if (timestamp < 0 || timestamp > DateTimeOffset.MaxValue.ToUnixTimeSeconds()) return null;
        var message = Encoding.UTF8.GetBytes(
            $"cosignature/v1\ntime {timestamp.ToString(CultureInfo.InvariantCulture)}\n{checkpointText}");
        var verifier = new Ed25519Signer();
        verifier.Init(false, new Ed25519PublicKeyParameters(PublicKey));
        verifier.BlockUpdate(message, 0, message.Length);
        return verifier.VerifySignature(blob[12..]) ? DateTimeOffset.FromUnixTimeSeconds(timestamp) : null;
    }
}

/// <summary>
/// The witnesses the operator trusts to cosign (<c>Ledger:Transparency:Witnesses</c>: a list of vkeys, or one value of
/// vkeys separated by spaces or commas, as an environment variable holds them). A malformed entry stops the start-up.
/// </summary>
public sealed class RegisteredWitnesses(IConfiguration configuration)
{
    public const string Setting = "Ledger:Transparency:Witnesses";

    readonly Lazy<IReadOnlyList<WitnessKey>> _keys = new(() =>
    {
        var section = configuration.GetSection(Setting);
        var texts = section.GetChildren().Select(c => c.Value).Append(section.Value)
            .SelectMany(v => (v ?? "").Split([' ', ',', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        try { return [.. texts.Select(WitnessKey.Parse)]; }
        catch (FormatException e) { throw new InvalidOperationException($"{Setting}: {e.Message}", e); }
    });

    public IReadOnlyList<WitnessKey> Keys => _keys.Value;
}
