using Microsoft.Extensions.Logging;

namespace Ledger.LocalPostgres;

/// <summary>PostgreSQL's server programs (initdb, pg_ctl, postgres) on this machine.</summary>
public static class PostgresBinaries
{
    public static DebianPackage Package { get; } =
        new("postgresql", "Ledger's local PostgreSQL", () => Find() is not null);

    /// <summary>Where initdb, pg_ctl and postgres are; installs Debian's package first where it may.</summary>
    public static async Task<string> FindOrInstallAsync(ILogger log, CancellationToken ct)
    {
        if (Find() is { } installed) return installed;
        try
        {
            await Package.EnsureInstalledAsync(log, ct);
        }
        catch (MissingPackageException e)
        {
            throw PostgresUnavailableException.NoBinaries(e.Reason);
        }
        return Find() ?? throw PostgresUnavailableException.NoBinaries();
    }

    /// <summary>Where initdb, pg_ctl and postgres are: PATH, then the newest /usr/lib/postgresql/*/bin.</summary>
    public static string? Find()
    {
        static bool Complete(string dir) =>
            File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl"))
            && File.Exists(Path.Combine(dir, "postgres"));

        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var initdb = Path.Combine(dir, "initdb");
            if (!File.Exists(initdb)) continue;
            // Debian links initdb into /usr/local/bin or /usr/bin; the real set lives beside the link's target.
            var real = new FileInfo(initdb).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? initdb;
            var realDir = Path.GetDirectoryName(real)!;
            if (Complete(realDir)) return realDir;
            if (Complete(dir)) return dir;
        }

        const string debianRoot = "/usr/lib/postgresql";
        if (!Directory.Exists(debianRoot)) return null;
        return Directory.GetDirectories(debianRoot)
            .Select(v => (Version: int.TryParse(Path.GetFileName(v), out var n) ? n : 0, Bin: Path.Combine(v, "bin")))
            .Where(v => Complete(v.Bin))
            .OrderByDescending(v => v.Version)
            .Select(v => v.Bin)
            .FirstOrDefault();
    }
}
