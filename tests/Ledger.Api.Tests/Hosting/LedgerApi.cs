using System.Net.Http.Headers;
using Marten;
using Marten.Events;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Wolverine;
using Wolverine.Runtime;
using Wolverine.Runtime.Agents;

namespace Ledger.Api.Tests.Hosting;

/// <summary>The real API host (HTTP pipeline, Marten, Wolverine) on its own fresh database; one per test collection.</summary>
public class LedgerApi : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string AdminKey = "test-bootstrap-admin-key";
    public const string Origin = "ledger.test/log";
    public static readonly string SigningKey = Convert.ToBase64String([.. Enumerable.Range(7, 32).Select(i => (byte)i)]);
    public static readonly string SealingKey = Convert.ToBase64String([.. Enumerable.Range(71, 32).Select(i => (byte)i)]);

    /// <summary>Three witnesses' keys; the operator registered the first two.</summary>
    public static readonly Ledger.Verify.Cosigner[] Witnesses =
        [.. new[] { "witness.test/alpha", "witness.test/beta", "witness.test/unregistered" }
            .Select((name, n) => new Ledger.Verify.Cosigner(name, [.. Enumerable.Range(131 + 32 * n, 32).Select(i => (byte)i)]))];

    public string ConnectionString { get; private set; } = "";

    // The app runs through JasperFx's command line; under the test server it must start the host itself.
    static LedgerApi() => JasperFx.CommandLine.JasperFxEnvironment.AutoStartHost = true;

    public async Task InitializeAsync()
    {
        ConnectionString = await CreateDatabaseAsync();
        StartHost(); // start the host now, so the first test does not pay for it inside its own timing
    }

    /// <summary>A fresh database on the test run's shared server; a host of its own may bring its own server.</summary>
    protected virtual Task<string> CreateDatabaseAsync() => TestPostgres.NewDatabaseAsync("api");

    /// <summary>The in-memory test server; a host for a real browser starts Kestrel instead.</summary>
    protected virtual void StartHost() => _ = Server;

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Ledger", ConnectionString);
        builder.UseSetting("Ledger:BootstrapAdminKey", AdminKey);
        builder.UseSetting("Ledger:Transparency:Origin", Origin);
        builder.UseSetting("Ledger:Transparency:SigningKey", SigningKey);
        builder.UseSetting("Ledger:Observers:SealingKey", SealingKey);
        builder.UseSetting("Ledger:Transparency:Witnesses:0", Witnesses[0].Key.ToString());
        builder.UseSetting("Ledger:Transparency:Witnesses:1", Witnesses[1].Key.ToString());
        builder.UseSetting("Ledger:Transparency:CheckpointInterval", "00:00:00.200");
        // Collections share one client address: the rate-limit tests turn the limits on for their own host.
        builder.UseSetting("Ledger:RateLimits:Enabled", "false");
        builder.ConfigureLogging(logging => logging.ClearProviders().AddFilter((_, level) => level >= LogLevel.Error).AddConsole());
        builder.ConfigureServices(services =>
        {
            services.RunWolverineInSoloMode();
        });
    }

    public HttpClient Anonymous() => CreateClient();

    public HttpClient WithKey(string key)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    public HttpClient Admin() => WithKey(AdminKey);

    /// <summary>Reads the event store directly, to prove what a request did or did not append.</summary>
    public async Task<long> CountEventsAsync(string? streamId = null) => streamId is null
        ? await ScalarAsync<long>("SELECT count(*) FROM mt_events")
        : await ScalarAsync<long>("SELECT count(*) FROM mt_events WHERE stream_id = @id::uuid", ("id", streamId));

    /// <summary>Waits until the async projections (gaps, party records) have caught up with every event appended so far.</summary>
    public Task WaitForProjectionsAsync() =>
        Services.GetRequiredService<IDocumentStore>().WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));

    /// <summary>Rebuilds one projection from the events, as an operator would on a running node (see <see cref="RebuildAsync"/>).</summary>
    public async Task RebuildProjectionAsync(string projection)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await RebuildAsync(Services, projection, timeout.Token);
    }

    /// <summary>
    /// Rebuilds a projection through Wolverine, which runs the async ones on one node of the cluster: an async projection
    /// running here is paused, rebuilt and resumed by its own agent; an inline one is rebuilt by a transient agent.
    /// </summary>
    public static async Task RebuildAsync(IServiceProvider services, string projection, CancellationToken ct)
    {
        var family = services.GetServices<IEventSubscriptionAgentFamily>().Single();
        var shard = $"{projection}:All";
        if (await family.FindAgentUriAsync(shard, null, ct) is { } agentUri
            && services.GetRequiredService<IWolverineRuntime>().Agents.TryFindActiveAgent<IEventSubscriptionAgent>(agentUri, out var agent))
            await agent.RebuildAsync(ct);
        else if (!await family.TryRebuildRegisteredProjectionAsync(shard, null, ct))
            throw new InvalidOperationException($"No projection named {projection}");
    }

    /// <summary>Polls the event store for an event the app appends by itself (e.g. a passed deadline).</summary>
    public async Task<long> WaitForEventsAsync(string streamId, string type, long atLeast = 1)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var count = await ScalarAsync<long>("SELECT count(*) FROM mt_events WHERE stream_id = @id::uuid AND type = @type",
                ("id", streamId), ("type", type));
            if (count >= atLeast || DateTime.UtcNow > deadline) return count;
            await Task.Delay(100);
        }
    }

    public Task ExecuteAsync(string sql) => Sql.ExecuteAsync(ConnectionString, sql);

    public Task<T?> ScalarAsync<T>(string sql, params (string Name, object Value)[] parameters) =>
        Sql.ScalarAsync<T>(ConnectionString, sql, parameters);
}
