using System.Security.Cryptography;
using Ledger.Infrastructure.Postgres;

namespace Ledger.Organizations.Keys;

/// <summary>
/// The first admin key: <c>Ledger:BootstrapAdminKey</c> when configured. In Development without one, a random key is
/// generated once into the data directory, so that a newcomer's <c>dotnet run</c> can write without any set-up.
/// Elsewhere, no configured key means no bootstrap admin at all.
/// </summary>
public sealed class BootstrapAdminKey(IConfiguration configuration, IHostEnvironment environment, ILogger<BootstrapAdminKey> log)
{
    readonly Lazy<string?> _value = new(() => Resolve(configuration, environment, log));

    public string? Value => _value.Value;

    static string? Resolve(IConfiguration configuration, IHostEnvironment environment, ILogger log)
    {
        var configured = configuration["Ledger:BootstrapAdminKey"];
        if (!string.IsNullOrWhiteSpace(configured)) return configured;
        if (!environment.IsDevelopment())
        {
            log.LogWarning("No Ledger:BootstrapAdminKey is configured: only keys issued to organizations can write");
            return null;
        }

        var file = Path.Combine(LedgerDatabase.DataDirectoryFor(configuration, environment), "bootstrap-admin.key");
        if (!File.Exists(file))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllText(file, "dev-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant());
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        log.LogWarning("Development: the bootstrap admin key is in {File} (set Ledger__BootstrapAdminKey to choose your own)", file);
        return File.ReadAllText(file).Trim();
    }
}
