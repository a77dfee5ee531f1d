using System.Security.Cryptography;
using Ledger.Infrastructure.Postgres;

namespace Ledger.Transparency.Checkpoints;

/// <summary>
/// The log's identity: its origin (<c>Ledger:Transparency:Origin</c>) and its Ed25519 key (<c>Ledger:Transparency:SigningKey</c>,
/// base64 of a 32-byte seed or a note tool's PRIVATE+KEY line). Without a configured key, one is generated once and kept in the
/// data directory, so that restarts keep signing with the same key; watchdogs pin it, so losing it breaks their audits.
/// </summary>
public sealed class CheckpointSigning(IConfiguration configuration, IHostEnvironment environment, ILogger<CheckpointSigning> log)
{
    public const string DefaultOrigin = "localhost/ledger";
    readonly Lazy<NoteSigner> _signer = new(() => Resolve(configuration, environment, log));

    public NoteSigner Signer => _signer.Value;
    public string Origin => Signer.Name;

    static NoteSigner Resolve(IConfiguration configuration, IHostEnvironment environment, ILogger log)
    {
        var origin = configuration["Ledger:Transparency:Origin"] is { Length: > 0 } o ? o.Trim() : DefaultOrigin;
        var configured = configuration["Ledger:Transparency:SigningKey"];
        if (!string.IsNullOrWhiteSpace(configured))
        {
            var signer = NoteSigner.Parse(configured, origin);
            if (signer.Name != origin)
                throw new InvalidOperationException(
                    $"Ledger:Transparency:SigningKey is named '{signer.Name}' but the log's origin is '{origin}': checkpoints are signed " +
                    "under their origin, so set Ledger:Transparency:Origin to the key's name");
            return signer;
        }

        var file = Path.Combine(LedgerDatabase.DataDirectoryFor(configuration, environment), "transparency-signing.key");
        if (!File.Exists(file))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllText(file, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) + "\n");
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        if (environment.IsDevelopment())
            log.LogWarning("Development: checkpoints are signed with the key in {File} (set Ledger__Transparency__SigningKey to choose your own)", file);
        else
            log.LogWarning("No Ledger:Transparency:SigningKey is configured: checkpoints are signed with a key generated into {File}; " +
                           "back it up, for a lost key breaks every watchdog's audit", file);
        return new NoteSigner(origin, Convert.FromBase64String(File.ReadAllText(file).Trim()));
    }
}
