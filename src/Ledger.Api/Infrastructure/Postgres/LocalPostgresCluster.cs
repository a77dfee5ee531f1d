using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Ledger.Infrastructure.Postgres;

/// <summary>Where and how a private cluster runs.</summary>
/// <param name="DataDirectory">The cluster's data directory; created by initdb on first start.</param>
/// <param name="Throwaway">For tests: durability off, stopped hard and deleted on <see cref="LocalPostgresCluster.DisposeAsync"/>.</param>
public sealed record LocalClusterOptions(string DataDirectory, bool Throwaway = false, string Database = "ledger");

/// <summary>
/// A PostgreSQL cluster started from the binaries installed on this machine, listening on loopback only.
/// As root it runs the server as the <c>postgres</c> user, since PostgreSQL refuses to run as root.
/// </summary>
public sealed class LocalPostgresCluster : IAsyncDisposable
{
    const string ServiceUser = "postgres";
    readonly string _bin;
    readonly bool _asRoot;
    readonly ILogger _log;
    bool _stopped;

    LocalPostgresCluster(string bin, bool asRoot, LocalClusterOptions options, string dataDirectory, string password, int port, ILogger log)
    {
        _bin = bin;
        _asRoot = asRoot;
        _log = log;
        Options = options;
        DataDirectory = dataDirectory;
        Port = port;
        ConnectionString = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1", Port = port, Username = ServiceUser, Password = password, Database = options.Database,
        }.ConnectionString;
    }

    public LocalClusterOptions Options { get; }
    public string DataDirectory { get; }
    public int Port { get; }
    public string ConnectionString { get; }

    public static string MissingPostgresMessage =>
        "Ledger needs PostgreSQL and found none. Fix it one of three ways: " +
        "(1) set a connection string in ConnectionStrings__Ledger (e.g. Host=localhost;Database=ledger;Username=...;Password=...); " +
        "(2) run `docker compose up` to start PostgreSQL and the API in containers; " +
        "(3) install PostgreSQL (e.g. `apt-get install postgresql`) so that initdb and pg_ctl are on PATH or under /usr/lib/postgresql/*/bin.";

    /// <summary>The directory holding initdb, pg_ctl and postgres: PATH first, then the newest /usr/lib/postgresql/*/bin.</summary>
    public static string? FindBinaries()
    {
        static bool Complete(string dir) =>
            File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl")) && File.Exists(Path.Combine(dir, "postgres"));

        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
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

    public static async Task<LocalPostgresCluster> StartAsync(LocalClusterOptions options, ILogger log, CancellationToken ct = default)
    {
        var bin = FindBinaries() ?? throw new PostgresUnavailableException(MissingPostgresMessage);
        var asRoot = Environment.UserName == "root";
        var dataDirectory = Path.GetFullPath(options.DataDirectory);
        if (asRoot) dataDirectory = await PrepareForServiceUserAsync(dataDirectory, log, ct);
        else Directory.CreateDirectory(dataDirectory);

        var password = await ReadOrCreatePasswordAsync(dataDirectory, ct);
        var cluster = new LocalPostgresCluster(bin, asRoot, options, dataDirectory, password, FreeLoopbackPort(), log);
        await cluster.InitialiseIfNewAsync(password, ct);
        await cluster.StartServerAsync(ct);
        await cluster.EnsureDatabaseAsync(ct);
        return cluster;
    }

    /// <summary>Creates a database on this cluster and returns its connection string (tests: one per collection).</summary>
    public async Task<string> CreateDatabaseAsync(string name, CancellationToken ct = default)
    {
        await using var admin = new NpgsqlConnection(ConnectionFor("postgres"));
        await admin.OpenAsync(ct);
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
        await create.ExecuteNonQueryAsync(ct);
        return ConnectionFor(name);
    }

    public string ConnectionFor(string database) =>
        new NpgsqlConnectionStringBuilder(ConnectionString) { Database = database }.ConnectionString;

    async Task InitialiseIfNewAsync(string password, CancellationToken ct)
    {
        if (File.Exists(Path.Combine(DataDirectory, "PG_VERSION"))) return;
        var passwordFile = Path.Combine(DataDirectory, "..", $".initdb-pw-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(passwordFile, password, ct);
        try
        {
            if (_asRoot) await RunAsync("chown", [ServiceUser, passwordFile], ct);
            _log.LogInformation("Initialising a PostgreSQL cluster in {DataDirectory}", DataDirectory);
            await RunPostgresToolAsync("initdb",
                ["-D", DataDirectory, "-U", ServiceUser, "-E", "UTF8", "--no-locale", "--auth=scram-sha-256", $"--pwfile={passwordFile}"], ct);
        }
        finally
        {
            File.Delete(passwordFile);
        }
    }

    async Task StartServerAsync(CancellationToken ct)
    {
        // A server left running by a process that was killed: stop it so this one owns the cluster.
        if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
            await RunPostgresToolAsync("pg_ctl", ["stop", "-D", DataDirectory, "-m", "fast", "-w"], ct, throwOnFailure: false);

        var settings = new List<string>
        {
            $"-p {Port}", "-c listen_addresses=127.0.0.1", "-c unix_socket_directories=''", "-c max_connections=200",
        };
        if (Options.Throwaway) settings.AddRange(["-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off"]);
        var logFile = Path.Combine(DataDirectory, "server.log");
        await RunPostgresToolAsync("pg_ctl",
            ["start", "-D", DataDirectory, "-l", logFile, "-w", "-t", "60", "-o", string.Join(' ', settings)], ct);
        _log.LogInformation("PostgreSQL {Mode} cluster listening on 127.0.0.1:{Port} (data: {DataDirectory})",
            Options.Throwaway ? "throwaway" : "private", Port, DataDirectory);
    }

    async Task EnsureDatabaseAsync(CancellationToken ct)
    {
        await using var admin = new NpgsqlConnection(ConnectionFor("postgres"));
        await admin.OpenAsync(ct);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", admin);
        exists.Parameters.AddWithValue("name", Options.Database);
        if (await exists.ExecuteScalarAsync(ct) is null)
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{Options.Database}\"", admin);
            await create.ExecuteNonQueryAsync(ct);
        }
    }

    public async Task StopAsync()
    {
        if (_stopped) return;
        _stopped = true;
        NpgsqlConnection.ClearAllPools();
        await RunPostgresToolAsync("pg_ctl",
            ["stop", "-D", DataDirectory, "-m", Options.Throwaway ? "immediate" : "fast", "-w"], CancellationToken.None, throwOnFailure: false);
        if (Options.Throwaway)
        {
            try { Directory.Delete(Path.GetDirectoryName(DataDirectory)!, recursive: true); }
            catch (IOException) { /* best effort: a throwaway directory under /tmp */ }
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    /// <summary>
    /// As root, the data directory must belong to postgres and every parent must be traversable by it.
    /// When the repository sits somewhere postgres cannot reach, fall back to a postgres-owned directory under /tmp.
    /// </summary>
    static async Task<string> PrepareForServiceUserAsync(string dataDirectory, ILogger log, CancellationToken ct)
    {
        if (await RunAsync("id", ["-u", ServiceUser], ct, throwOnFailure: false) != 0)
            throw new PostgresUnavailableException(
                $"Running as root, Ledger starts PostgreSQL as the '{ServiceUser}' user, which does not exist here. " + MissingPostgresMessage);

        Directory.CreateDirectory(dataDirectory);
        await RunAsync("chown", [$"{ServiceUser}:", dataDirectory], ct);
        if (await RunAsync("runuser", ["-u", ServiceUser, "--", "test", "-w", dataDirectory], ct, throwOnFailure: false) == 0)
            return dataDirectory;

        var fallbackRoot = Path.Combine(Path.GetTempPath(), "ledger-postgres-" + Convert.ToHexString(
            System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(dataDirectory)))[..12].ToLowerInvariant());
        var fallback = Path.Combine(fallbackRoot, "data");
        log.LogWarning("The '{User}' user cannot reach {DataDirectory}; using {Fallback} instead", ServiceUser, dataDirectory, fallback);
        Directory.CreateDirectory(fallback);
        await RunAsync("chown", ["-R", $"{ServiceUser}:", fallbackRoot], ct);
        return fallback;
    }

    /// <summary>The superuser password lives beside the data directory, readable by the app's user only.</summary>
    static async Task<string> ReadOrCreatePasswordAsync(string dataDirectory, CancellationToken ct)
    {
        var file = Path.Combine(Path.GetDirectoryName(dataDirectory)!, Path.GetFileName(dataDirectory) + ".password");
        if (File.Exists(file)) return (await File.ReadAllTextAsync(file, ct)).Trim();
        var password = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
        await File.WriteAllTextAsync(file, password, ct);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return password;
    }

    static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    Task<int> RunPostgresToolAsync(string tool, IReadOnlyList<string> args, CancellationToken ct, bool throwOnFailure = true)
    {
        var path = Path.Combine(_bin, tool);
        return _asRoot
            ? RunAsync("runuser", ["-u", ServiceUser, "--", path, .. args], ct, throwOnFailure)
            : RunAsync(path, args, ct, throwOnFailure);
    }

    static async Task<int> RunAsync(string file, IReadOnlyList<string> args, CancellationToken ct, bool throwOnFailure = true)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0 && throwOnFailure)
            throw new PostgresUnavailableException(
                $"`{file} {string.Join(' ', args)}` failed with exit code {process.ExitCode}: {(await stderr).Trim()} {(await stdout).Trim()}");
        return process.ExitCode;
    }
}

public sealed class PostgresUnavailableException(string message) : Exception(message)
{
    /// <summary>This failure inside <paramref name="e"/>: start-up wraps it in the DI container's or the host's exceptions.</summary>
    public static PostgresUnavailableException? FoundIn(Exception? e) => e switch
    {
        null => null,
        PostgresUnavailableException missing => missing,
        AggregateException all => all.InnerExceptions.Select(FoundIn).FirstOrDefault(m => m is not null),
        _ => FoundIn(e.InnerException),
    };
}
