using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Ledger.Infrastructure.Postgres;

namespace Ledger.Observations.Sealing;

/// <summary>
/// Seals and opens what could lead to an observer (crypto-shredding): each observation gets a random data key, kept
/// only wrapped under the ledger's sealing key. <c>Ledger:Observers:SealingKey</c> is base64 of 32 bytes; without it a
/// key is generated once into the data directory, beside the database, which protects nothing against a stolen disk:
/// configure it (and back it up) anywhere real. Every node of a ledger needs the same key.
/// </summary>
public sealed class ObservationSealing(IConfiguration configuration, IHostEnvironment environment,
    ILogger<ObservationSealing> log)
{
    const int KeySize = 32, NonceSize = 12, TagSize = 16;
    readonly Lazy<byte[]> _sealingKey = new(() => Resolve(configuration, environment, log));

    /// <summary>A fresh data key for the observation, and its details sealed under it.</summary>
    public (Sealed Details, ObservationKey Key) Seal(Guid observationId, ObserverDetails details)
    {
        var (dataKey, key) = NewKey(observationId);
        var plaintext = JsonSerializer.SerializeToUtf8Bytes(details, SealingJson.Options);
        return (Encrypt(dataKey, plaintext, Context(observationId, "details")), key);
    }

    /// <summary>A file (an evidence original) under a fresh key of its own, <paramref name="id"/>.</summary>
    public (Sealed Content, ObservationKey Key) SealFile(Guid id, byte[] content)
    {
        var (dataKey, key) = NewKey(id);
        return (Encrypt(dataKey, content, Context(id, "file")), key);
    }

    public byte[] OpenFile(Sealed content, ObservationKey key) => Decrypt(Unwrap(key), content, Context(key.Id, "file"));

    /// <summary>A text that belongs to the observation (the narrative a curator publishes), sealed under its key.</summary>
    public Sealed SealText(ObservationKey key, string text) =>
        Encrypt(Unwrap(key), Encoding.UTF8.GetBytes(text), Context(key.Id, "text"));

    /// <summary>The details, or null once the key is gone (erased) or when nothing was sealed.</summary>
    public ObserverDetails? Open(Guid observationId, Sealed? details, ObservationKey? key) =>
        details is null || key is null ? null
        : JsonSerializer.Deserialize<ObserverDetails>(
            Decrypt(Unwrap(key), details, Context(observationId, "details")), SealingJson.Options);

    public string? OpenText(Sealed? text, ObservationKey? key) =>
        text is null || key is null ? null : Encoding.UTF8.GetString(Decrypt(Unwrap(key), text, Context(key.Id, "text")));

    /// <summary>The id under which a pseudonym is claimed in an organization: a keyed hash, case and spacing folded.</summary>
    public string PseudonymClaimId(Guid organizationId, string pseudonym)
    {
        var folded = string.Join(' ', pseudonym.ToUpperInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries));
        var mac = HMACSHA256.HashData(_sealingKey.Value, Encoding.UTF8.GetBytes($"pseudonym\n{organizationId:N}\n{folded}"));
        return Convert.ToHexStringLower(mac);
    }

    /// <summary>A fresh random data key, and the same wrapped under the sealing key: the only copy kept.</summary>
    (byte[] DataKey, ObservationKey Wrapped) NewKey(Guid id)
    {
        var dataKey = RandomNumberGenerator.GetBytes(KeySize);
        return (dataKey, new ObservationKey(id, Encrypt(_sealingKey.Value, dataKey, Context(id, "key"))));
    }

    byte[] Unwrap(ObservationKey key) => Decrypt(_sealingKey.Value, key.Wrapped, Context(key.Id, "key"));

    // The associated data binds each ciphertext to its observation and purpose: one cannot be passed off as another.
    static byte[] Context(Guid observationId, string purpose) => Encoding.UTF8.GetBytes($"{observationId:N}/{purpose}");

    static Sealed Encrypt(byte[] key, byte[] plaintext, byte[] context)
    {
        var nonce = RandomNumberGenerator.GetBytes(NonceSize);
        var output = new byte[plaintext.Length + TagSize];
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(nonce, plaintext, output.AsSpan(0, plaintext.Length), output.AsSpan(plaintext.Length), context);
        return new Sealed(Convert.ToBase64String(nonce), Convert.ToBase64String(output));
    }

    static byte[] Decrypt(byte[] key, Sealed sealedData, byte[] context)
    {
        var input = Convert.FromBase64String(sealedData.Ciphertext);
        var plaintext = new byte[input.Length - TagSize];
        using var aes = new AesGcm(key, TagSize);
        aes.Decrypt(Convert.FromBase64String(sealedData.Nonce), input.AsSpan(0, plaintext.Length),
            input.AsSpan(plaintext.Length), plaintext, context);
        return plaintext;
    }

    static byte[] Resolve(IConfiguration configuration, IHostEnvironment environment, ILogger log)
    {
        if (configuration["Ledger:Observers:SealingKey"] is { Length: > 0 } configured)
        {
            var key = Convert.FromBase64String(configured.Trim());
            if (key.Length != KeySize)
                throw new InvalidOperationException("Ledger:Observers:SealingKey must be base64 of 32 bytes (openssl rand -base64 32)");
            return key;
        }
        var file = Path.Combine(LedgerDatabase.DataDirectoryFor(configuration, environment), "observer-sealing.key");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        try
        {
            // Created only if absent, in one step: two nodes starting at once on one data directory get one key.
            using var created = new FileStream(file, FileMode.CreateNew, FileAccess.Write, FileShare.None);
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            created.Write(Encoding.ASCII.GetBytes(Convert.ToBase64String(RandomNumberGenerator.GetBytes(KeySize)) + "\n"));
        }
        catch (IOException) when (File.Exists(file))
        {
        }
        log.LogWarning("No Ledger:Observers:SealingKey is configured: observers' details are sealed under a key kept in {File}, " +
                       "beside the data; configure one and back it up, for a lost key makes every observation's details unreadable", file);
        var generated = Convert.FromBase64String(File.ReadAllText(file).Trim());
        return generated.Length == KeySize ? generated
            : throw new InvalidOperationException($"{file} does not hold a 32-byte sealing key in base64");
    }
}

static class SealingJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}
