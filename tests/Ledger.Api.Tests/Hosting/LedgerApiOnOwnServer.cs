using System.Collections.Concurrent;
using Ledger.LocalPostgres;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Wolverine;

namespace Ledger.Api.Tests.Hosting;

[CollectionDefinition(Name)]
public sealed class OutageCollection : ICollectionFixture<LedgerApiOnOwnServer> { public const string Name = "outage"; }

/// <summary>
/// The API host on a PostgreSQL server of its own (a throwaway cluster from local binaries), which a test may stop and
/// start: the run's shared server is never touched. Keeps what the outage log writes.
/// </summary>
public sealed class LedgerApiOnOwnServer : LedgerApi
{
    const string OutageLog = "Ledger.Infrastructure.Postgres.DatabaseOutageLog";
    LocalPostgresCluster? _cluster;

    public LocalPostgresCluster Cluster => _cluster ?? throw new InvalidOperationException("Not started yet");

    /// <summary>Every line the outage log has written, oldest first.</summary>
    public ConcurrentQueue<string> OutageLines { get; } = new();

    protected override async Task<string> CreateDatabaseAsync()
    {
        var root = Path.Combine(Path.GetTempPath(), $"ledger-outage-cluster-{Guid.NewGuid():N}");
        _cluster = await LocalPostgresCluster.StartAsync(new LocalClusterOptions(Path.Combine(root, "data"), Throwaway: true),
            NullLogger.Instance);
        return _cluster.ConnectionString;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureLogging(logging =>
        {
            logging.AddProvider(new LinesOf(OutageLines));
            logging.AddFilter<LinesOf>(OutageLog, LogLevel.Information);
            // Wolverine's and Marten's background agents each log every failed poll while the server is down.
            foreach (var noisy in new[] { "Wolverine", "Marten", "JasperFx", "Ledger.Transparency" })
                logging.AddFilter<ConsoleLoggerProvider>(noisy, LogLevel.None);
        });
        // As in production (the other hosts run Solo): Wolverine's assignment checks are what restart the projections
        // and subscriptions an outage paused.
        builder.ConfigureServices(services => services.ConfigureWolverine(o => o.Durability.Mode = DurabilityMode.Balanced));
    }

    /// <summary>Stops the server under the running app, as a crash or an operator's restart would.</summary>
    public Task StopDatabaseAsync() => Cluster.StopServerAsync();

    /// <summary>
    /// Starts it again; the test's own pooled connections to the stopped server are dropped (the app's are its business).
    /// </summary>
    public async Task StartDatabaseAsync()
    {
        await Cluster.StartServerAsync();
        NpgsqlConnection.ClearPool(new NpgsqlConnection(ConnectionString));
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_cluster is not null) await _cluster.DisposeAsync();
    }

    /// <summary>Keeps the outage log's lines (the filter above lets no other category through).</summary>
    sealed class LinesOf(ConcurrentQueue<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string category) => new Writer(category, lines);
        public void Dispose() { }

        sealed class Writer(string category, ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
            public bool IsEnabled(LogLevel level) => category == OutageLog;

            public void Log<TState>(LogLevel level, EventId id, TState state, Exception? e, Func<TState, Exception?, string> format)
            {
                if (IsEnabled(level)) lines.Enqueue(format(state, e));
            }
        }
    }
}
