using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;

namespace Ledger.Verify;

/// <summary>
/// Ed25519 checkpoint cosignatures, c2sp.org/tlog-cosignature v1: a note signature line whose key ID is computed with
/// type 0x04 and whose signature is a timestamped_signature (8-byte big-endian POSIX time ‖ 64-byte Ed25519 signature)
/// over <c>cosignature/v1\ntime T\n</c> followed by the checkpoint's whole body.
/// </summary>
public static class Cosignature
{
    const int BlobLength = 4 + 8 + 64;

    public static byte[] Message(string checkpointText, long timestamp) =>
        Encoding.UTF8.GetBytes($"cosignature/v1\ntime {timestamp.ToString(CultureInfo.InvariantCulture)}\n{checkpointText}");

    /// <summary>
    /// When <paramref name="witness"/> cosigned the checkpoint in <paramref name="note"/>, or null when no line is its;
    /// a line with its name and key ID that does not verify is an error, as c2sp.org/signed-note requires.
    /// </summary>
    public static DateTimeOffset? Verify(string note, VerifierKey witness)
    {
        var (text, signatures) = SignedNote.Split(note);
        foreach (var (name, blob) in signatures)
        {
            if (name != witness.Name || blob.Length < 4 || BinaryPrimitives.ReadUInt32BigEndian(blob) != witness.KeyId) continue;
            var timestamp = blob.Length == BlobLength ? BinaryPrimitives.ReadInt64BigEndian(blob.AsSpan(4)) : -1;
            if (timestamp < 0 || !SignedNote.Ed25519Verify(witness.PublicKey, Message(text, timestamp), blob[12..]))
                throw new NoteException($"the cosignature by {witness.Name} (key {witness.KeyId:x8}) does not verify");
            return DateTimeOffset.FromUnixTimeSeconds(timestamp);
        }
        return null;
    }
}

/// <summary>
/// A witness's own key: <c>PRIVATE+KEY+name+hex key ID+base64(0x04 ‖ 32-byte Ed25519 seed)</c>, the note tools' form with
/// the cosignature type, so the key ID in it is the one its cosignatures carry.
/// </summary>
public sealed class Cosigner
{
    readonly Ed25519PrivateKeyParameters _key;

    public Cosigner(string name, ReadOnlySpan<byte> seed)
    {
        if (string.IsNullOrEmpty(name) || name.Any(c => char.IsWhiteSpace(c) || c == '+'))
            throw new FormatException($"A witness name must be non-empty, without spaces or '+': '{name}'");
        if (seed.Length != 32) throw new FormatException("An Ed25519 seed is 32 bytes");
        _key = new Ed25519PrivateKeyParameters(seed.ToArray());
        var publicKey = _key.GeneratePublicKey().GetEncoded();
        Key = new VerifierKey(name, VerifierKey.ComputeKeyId(name, publicKey, VerifierKey.Cosignature), publicKey,
            VerifierKey.Cosignature);
    }

    /// <summary>What the log's operator registers, and auditors pass with <c>--witness-key</c>.</summary>
    public VerifierKey Key { get; }

    public string PrivateKey =>
        $"PRIVATE+KEY+{Key.Name}+{Key.KeyId:x8}+{Convert.ToBase64String([VerifierKey.Cosignature, .. _key.GetEncoded()])}";

    public static Cosigner Generate(string name) => new(name, RandomNumberGenerator.GetBytes(32));

    public static Cosigner Parse(string text)
    {
        var parts = text.Trim().Split('+', 5);
        if (parts is not ["PRIVATE", "KEY", var name, var id, var material])
            throw new FormatException("a witness key reads PRIVATE+KEY+name+keyid+base64(0x04 ‖ seed)");
        byte[] raw;
        try { raw = Convert.FromBase64String(material); }
        catch (FormatException) { throw new FormatException("the witness key's seed is not base64"); }
        if (raw.Length != 33 || raw[0] != VerifierKey.Cosignature)
            throw new FormatException("a witness key is of type 0x04 (Ed25519 cosignatures) with a 32-byte seed");
        var cosigner = new Cosigner(name, raw.AsSpan(1));
        if (id != cosigner.Key.KeyId.ToString("x8", CultureInfo.InvariantCulture))
            throw new FormatException($"the witness key's ID {id} does not match its name and key ({cosigner.Key.KeyId:x8})");
        return cosigner;
    }

    /// <summary>The cosignature line, <c>— name base64(key ID ‖ timestamp ‖ signature)</c>, without its newline.</summary>
    public string Cosign(string checkpointText, DateTimeOffset now)
    {
        var timestamp = now.ToUnixTimeSeconds();
        var message = Cosignature.Message(checkpointText, timestamp);
        var signer = new Ed25519Signer();
        signer.Init(true, _key);
        signer.BlockUpdate(message, 0, message.Length);
        var blob = new byte[4 + 8];
        BinaryPrimitives.WriteUInt32BigEndian(blob, Key.KeyId);
        BinaryPrimitives.WriteInt64BigEndian(blob.AsSpan(4), timestamp);
        return $"\u2014 {Key.Name} {Convert.ToBase64String([.. blob, .. signer.GenerateSignature()])}";
    }
}
