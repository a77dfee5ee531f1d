using JasperFx.CodeGeneration;
using Ledger.LocalPostgres;

namespace Ledger.Infrastructure.Postgres;

/// <summary>
/// Finds the ledger's PostgreSQL: the <c>Ledger</c> connection string when configured, otherwise a private cluster
/// started from local binaries in the data directory, stopped when the app stops.
/// </summary>
public sealed class LedgerDatabase(IConfiguration configuration, IHostEnvironment environment, ILogger<LedgerDatabase> log)
    : IAsyncDisposable
{
    readonly Lock _gate = new();
    string? _connectionString;
    LocalPostgresCluster? _cluster;

    public string ConnectionString
    {
        get
        {
            lock (_gate) return _connectionString ??= Resolve();
        }
    }

    /// <summary>Where the private cluster and development secrets live: <c>Ledger:DataDirectory</c>, else the repository's <c>.ledger/</c>.</summary>
    string DataDirectory => DataDirectoryFor(configuration, environment);

    public static string DataDirectoryFor(IConfiguration configuration, IHostEnvironment environment) =>
        RepositoryFolders.Resolve(configuration, environment, "Ledger:DataDirectory", ".ledger");

    string Resolve()
    {
        var configured = configuration.GetConnectionString("Ledger");
        if (!string.IsNullOrWhiteSpace(configured)) return configured;
        // `codegen` builds handler code from the configuration alone and never connects: no server to start for it.
        if (DynamicCodeBuilder.WithinCodegenCommand) return "Host=localhost;Database=ledger";

        // Start-up is the only caller, so blocking here costs nothing a request would feel.
        _cluster = LocalPostgresCluster
            .StartAsync(new LocalClusterOptions(Path.Combine(DataDirectory, "postgres")), log)
            .GetAwaiter().GetResult();
        // Command-line runs (rebuilds, migrations) may end without disposing the host: stop the server with the process.
        var cluster = _cluster;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => cluster.StopAsync().GetAwaiter().GetResult();
        return _cluster.ConnectionString;
    }

    public async ValueTask DisposeAsync()
    {
        if (_cluster is not null) await _cluster.DisposeAsync();
    }
}
