using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;

namespace Ledger.Verify;

/// <summary>
/// A verifier key as note tools write it (c2sp.org/signed-note): <c>name+hex key ID+base64(type ‖ Ed25519 public key)</c>,
/// of type 0x01 for a log's note signatures, 0x04 for a witness's cosignatures (c2sp.org/tlog-cosignature).
/// </summary>
public sealed record VerifierKey(string Name, uint KeyId, byte[] PublicKey, byte Type = VerifierKey.Ed25519)
{
    public const byte Ed25519 = 0x01, Cosignature = 0x04;

    public static VerifierKey Parse(string text, byte type = Ed25519)
    {
        var parts = text.Trim().Split('+', 3); // base64 may hold '+'; a name and a key ID never do
        if (parts.Length != 3 || parts[0].Length == 0 || parts[1].Length != 8)
            throw new FormatException($"'{text.Trim()}' is not a verifier key of the form name+keyid+base64key");
        if (!uint.TryParse(parts[1], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var id) || parts[1] != parts[1].ToLowerInvariant())
            throw new FormatException($"The key ID '{parts[1]}' is not 8 lowercase hexadecimal digits");
        byte[] raw;
        try { raw = Convert.FromBase64String(parts[2]); }
        catch (FormatException) { throw new FormatException("The verifier key's key is not base64"); }
        if (raw.Length != 33 || raw[0] != type)
            throw new FormatException($"Only Ed25519 keys of type 0x{type:x2} (32 bytes) are supported here");
        var key = new VerifierKey(parts[0], id, raw[1..], type);
        if (ComputeKeyId(key.Name, key.PublicKey, type) != id) throw new FormatException($"The key ID {parts[1]} does not match the key's name and bytes");
        return key;
    }

    public static uint ComputeKeyId(string name, byte[] publicKey, byte type = Ed25519) =>
        BinaryPrimitives.ReadUInt32BigEndian(SHA256.HashData([.. Encoding.UTF8.GetBytes(name), 0x0A, type, .. publicKey]));

    public override string ToString() => $"{Name}+{KeyId:x8}+{Convert.ToBase64String([Type, .. PublicKey])}";

    public bool SameKeyAs(VerifierKey other) =>
        Name == other.Name && KeyId == other.KeyId && Type == other.Type && PublicKey.AsSpan().SequenceEqual(other.PublicKey);
}

/// <summary>A signed note whose signature by a trusted key has been checked; only then may its text be read.</summary>
public sealed record VerifiedNote(string Text);

public static class SignedNote
{
    /// <summary>
    /// Opens a signed note with <paramref name="key"/>: the text is everything up to the last blank line; among the signature lines
    /// one must be this key's (name and key ID) and verify. Signatures by other keys are ignored, as the specification requires.
    /// </summary>
    public static VerifiedNote Open(string note, VerifierKey key)
    {
        var (text, signatures) = Split(note);
        var verified = false;
        foreach (var (name, blob) in signatures)
        {
            if (blob.Length < 5 || name != key.Name || BinaryPrimitives.ReadUInt32BigEndian(blob) != key.KeyId) continue;
            if (!Ed25519Verify(key.PublicKey, Encoding.UTF8.GetBytes(text), blob[4..]))
                throw new NoteException($"the signature by {key.Name} (key {key.KeyId:x8}) does not verify: the note was altered or signed by another key");
            verified = true;
        }
        if (!verified) throw new NoteException($"it carries no signature by the trusted key {key.Name}+{key.KeyId:x8}");
        return new VerifiedNote(text);
    }

    /// <summary>The note's text (up to and with the newline before the last blank line) and its signature lines, decoded.</summary>
    public static (string Text, IReadOnlyList<(string Name, byte[] Blob)> Signatures) Split(string note)
    {
        var split = note.LastIndexOf("\n\n", StringComparison.Ordinal);
        if (split < 0 || !note.EndsWith('\n')) throw new NoteException("it is not a signed note (no blank line before the signatures)");
        var signatures = new List<(string, byte[])>();
        foreach (var line in note[(split + 2)..^1].Split('\n'))
        {
            if (!line.StartsWith("\u2014 ", StringComparison.Ordinal)) throw new NoteException($"'{line}' is not a signature line");
            var fields = line[2..].Split(' ');
            if (fields.Length != 2) throw new NoteException($"'{line}' is not a signature line");
            try { signatures.Add((fields[0], Convert.FromBase64String(fields[1]))); }
            catch (FormatException) { throw new NoteException($"the signature of '{fields[0]}' is not base64"); }
        }
        return (note[..(split + 1)], signatures);
    }

    internal static bool Ed25519Verify(byte[] publicKey, byte[] message, byte[] signature)
    {
        var verifier = new Ed25519Signer();
        verifier.Init(false, new Ed25519PublicKeyParameters(publicKey));
        verifier.BlockUpdate(message, 0, message.Length);
        return verifier.VerifySignature(signature);
    }
}

/// <summary>A C2SP tlog-checkpoint read from a verified note: origin, tree size and root hash.</summary>
public sealed record Checkpoint(string Origin, long TreeSize, byte[] RootHash)
{
    public static Checkpoint Parse(VerifiedNote note)
    {
        var lines = note.Text[..^1].Split('\n');
        if (lines.Length < 3) throw new NoteException("a checkpoint has at least three lines: origin, tree size, root hash");
        if (lines[0].Length == 0) throw new NoteException("the checkpoint's origin is empty");
        if (!long.TryParse(lines[1], NumberStyles.None, CultureInfo.InvariantCulture, out var size) || (lines[1].Length > 1 && lines[1][0] == '0'))
            throw new NoteException($"the checkpoint's tree size '{lines[1]}' is not a decimal number");
        byte[] root;
        try { root = Convert.FromBase64String(lines[2]); }
        catch (FormatException) { throw new NoteException("the checkpoint's root hash is not base64"); }
        if (root.Length != 32) throw new NoteException("the checkpoint's root hash is not 32 bytes");
        return new Checkpoint(lines[0], size, root);
    }

    public string Root => Convert.ToBase64String(RootHash);
}

public sealed class NoteException(string message) : Exception(message);
