using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Ledger.LocalPostgres;

/// <summary>Where and how a private cluster runs.</summary>
/// <param name="DataDirectory">The cluster's data directory; created by initdb on first start.</param>
/// <param name="Throwaway">
/// For tests: durability off, stopped hard and its parent directory deleted on
/// <see cref="LocalPostgresCluster.DisposeAsync"/>.
/// </param>
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
    readonly LocalClusterOptions _options;
    bool _stopped;

    LocalPostgresCluster(
        string bin, bool asRoot, LocalClusterOptions options, string dataDirectory, string password, int port,
        ILogger log)
    {
        _bin = bin;
        _asRoot = asRoot;
        _log = log;
        _options = options;
        DataDirectory = dataDirectory;
        Port = port;
        ConnectionString = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1", Port = port, Username = ServiceUser, Password = password, Database = options.Database,
        }.ConnectionString;
    }

    public string DataDirectory { get; }
    public int Port { get; }
    public string ConnectionString { get; }

    /// <summary>Starts the cluster (initialised on first use), installing PostgreSQL first where it may.</summary>
    public static async Task<LocalPostgresCluster> StartAsync(
        LocalClusterOptions options, ILogger log, CancellationToken ct = default)
    {
        var bin = await PostgresBinaries.FindOrInstallAsync(log, ct);
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
                ["-D", DataDirectory, "-U", ServiceUser, "-E", "UTF8", "--no-locale", "--auth=scram-sha-256",
                    $"--pwfile={passwordFile}"], ct);
        }
        finally
        {
            File.Delete(passwordFile);
        }
    }

    /// <summary>Starts the server again after <see cref="StopServerAsync"/>, on the same port and data.</summary>
    public async Task StartServerAsync(CancellationToken ct = default)
    {
        // A server left running by a process that was killed: stop it so this one owns the cluster.
        if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
        {
            await RunPostgresToolAsync("pg_ctl", ["stop", "-D", DataDirectory, "-m", "fast", "-w"], ct,
                throwOnFailure: false);
        }

        var settings = new List<string>
        {
            $"-p {Port}", "-c listen_addresses=127.0.0.1", "-c unix_socket_directories=''", "-c max_connections=200",
        };
        if (_options.Throwaway)
            settings.AddRange(["-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off"]);
        var logFile = Path.Combine(DataDirectory, "server.log");
        await RunPostgresToolAsync("pg_ctl",
            ["start", "-D", DataDirectory, "-l", logFile, "-w", "-t", "60", "-o", string.Join(' ', settings)], ct);
        _log.LogInformation("PostgreSQL {Mode} cluster listening on 127.0.0.1:{Port} (data: {DataDirectory})",
            _options.Throwaway ? "throwaway" : "private", Port, DataDirectory);
    }

    async Task EnsureDatabaseAsync(CancellationToken ct)
    {
        await using var admin = new NpgsqlConnection(ConnectionFor("postgres"));
        await admin.OpenAsync(ct);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", admin);
        exists.Parameters.AddWithValue("name", _options.Database);
        if (await exists.ExecuteScalarAsync(ct) is null)
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{_options.Database}\"", admin);
            await create.ExecuteNonQueryAsync(ct);
        }
    }

    /// <summary>
    /// Stops the server and keeps its data (fast shutdown: sessions are ended with 57P01), as an operator's restart or a
    /// crash would: for outage tests. <see cref="StartServerAsync"/> brings it back.
    /// </summary>
    public Task StopServerAsync(CancellationToken ct = default) =>
        RunPostgresToolAsync("pg_ctl", ["stop", "-D", DataDirectory, "-m", "fast", "-w"], ct);

    public async Task StopAsync()
    {
        if (_stopped) return;
        _stopped = true;
        NpgsqlConnection.ClearAllPools();
        await RunPostgresToolAsync("pg_ctl",
            ["stop", "-D", DataDirectory, "-m", _options.Throwaway ? "immediate" : "fast", "-w"],
            CancellationToken.None, throwOnFailure: false);
        if (_options.Throwaway)
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
            throw PostgresUnavailableException.NoBinaries(
                $"Running as root, Ledger starts PostgreSQL as the '{ServiceUser}' user, which does not exist here.");

        Directory.CreateDirectory(dataDirectory);
        await RunAsync("chown", [$"{ServiceUser}:", dataDirectory], ct);
        var reachable = await RunAsync("runuser", ["-u", ServiceUser, "--", "test", "-w", dataDirectory], ct,
            throwOnFailure: false);
        if (reachable == 0)
            return dataDirectory;

        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(dataDirectory)))[..12];
        var fallbackRoot = Path.Combine(Path.GetTempPath(), "ledger-postgres-" + hash.ToLowerInvariant());
        var fallback = Path.Combine(fallbackRoot, "data");
        log.LogWarning("The '{User}' user cannot reach {DataDirectory}; using {Fallback} instead",
            ServiceUser, dataDirectory, fallback);
        Directory.CreateDirectory(fallback);
        await RunAsync("chown", ["-R", $"{ServiceUser}:", fallbackRoot], ct);
        return fallback;
    }

    /// <summary>The superuser password lives beside the data directory, readable by the app's user only.</summary>
    static async Task<string> ReadOrCreatePasswordAsync(string dataDirectory, CancellationToken ct)
    {
        var file = Path.Combine(Path.GetDirectoryName(dataDirectory)!, Path.GetFileName(dataDirectory) + ".password");
        if (File.Exists(file)) return (await File.ReadAllTextAsync(file, ct)).Trim();
        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
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

    Task<int> RunPostgresToolAsync(
        string tool, IReadOnlyList<string> args, CancellationToken ct, bool throwOnFailure = true)
    {
        var path = Path.Combine(_bin, tool);
        return _asRoot
            ? RunAsync("runuser", ["-u", ServiceUser, "--", path, .. args], ct, throwOnFailure)
            : RunAsync(path, args, ct, throwOnFailure);
    }

    static async Task<int> RunAsync(
        string file, IReadOnlyList<string> args, CancellationToken ct, bool throwOnFailure = true)
    {
        var result = await ExternalCommand.RunAsync(file, args, ct);
        if (!result.Succeeded && throwOnFailure)
            throw new PostgresUnavailableException(
                $"`{file} {string.Join(' ', args)}` failed with exit code {result.ExitCode}: {result.Output}");
        return result.ExitCode;
    }
}
