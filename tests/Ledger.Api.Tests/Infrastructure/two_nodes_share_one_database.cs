using System.Net;
using System.Text.Json;
using Ledger.Api.Tests.Hosting;
using Xunit.Abstractions;
using static Ledger.Api.Tests.Hosting.LedgerProcesses;

namespace Ledger.Api.Tests.Infrastructure;

/// <summary>
/// Scale-out: two API processes on one PostgreSQL. Both take writes; Wolverine runs each async projection and
/// subscription on exactly one of them; when one is killed, the other takes its projections over, and the read models
/// end up holding every event exactly once.
/// </summary>
public sealed class two_nodes_share_one_database(ITestOutputHelper output) : IAsyncLifetime
{
    // The async agents: the gaps/party read model, the transparency log's feed, the relay that schedules deadline checks.
    static readonly string[] Projections = ["deadlines/all", "trackedcommitment/all", "transparencylog/all", "webhooks/all"];
    static readonly TimeSpan Patience = TimeSpan.FromSeconds(90); // two fresh processes on a busy two-core CI box

    string _connectionString = "";
    readonly List<ApiProcess> _nodes = [];

    public async Task InitializeAsync() => _connectionString = await TestPostgres.NewDatabaseAsync("cluster");

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes) await node.DisposeAsync();
    }

    ApiProcess StartNode(string name)
    {
        var settings = LedgerProcesses.NodeSettings();
        // Heartbeats every second, a node silent for 5 s is dead: a failover within the test's patience.
        settings["Ledger:Durability:FirstHealthCheckExecution"] = "00:00:00.500";
        settings["Ledger:Durability:HealthCheckPollingTime"] = "00:00:01";
        settings["Ledger:Durability:StaleNodeTimeout"] = "00:00:05";
        settings["Ledger:Durability:CheckAssignmentPeriod"] = "00:00:02";
        settings["Ledger:Durability:NodeReassignmentPollingTime"] = "00:00:02";
        var node = ApiProcess.Start(name, _connectionString, settings);
        _nodes.Add(node);
        return node;
    }

    [Fact]
    public async Task both_serve_writes_each_projection_runs_once_and_a_killed_node_hands_its_projections_over()
    {
        // One after the other: the first creates the schema, so the second does not race it.
        var first = StartNode("node A");
        await first.WaitUntilHealthyAsync(Patience);
        var second = StartNode("node B");
        await second.WaitUntilHealthyAsync(Patience);

        // The two nodes are asked one after the other, so an agent moving between them can show on both in one look:
        // wait until two looks in a row agree, then every projection must be on exactly one node.
        var previous = "";
        var split = await UntilAsync(async () =>
        {
            var (a, b) = (await ClusterAsync(first), await ClusterAsync(second));
            var running = (A: Running(a), B: Running(b));
            var look = $"{string.Join(",", running.A)} | {string.Join(",", running.B)}";
            var settled = Nodes(a) == 2 && Nodes(b) == 2 && running.A.Union(running.B).Order().SequenceEqual(Projections) && look == previous;
            previous = look;
            return (settled, running);
        }, "every projection running on one of the two nodes");
        Assert.Empty(split.A.Intersect(split.B)); // exactly one node each
        output.WriteLine($"node A runs {string.Join(", ", split.A)}; node B runs {string.Join(", ", split.B)}");

        // Both take writes.
        using var adminA = first.Client(LedgerApi.AdminKey);
        var (observerKey, _, _) = await ObserverKeyAsync(adminA, "Observatoire des deux nœuds");
        var commitments = await CommitmentsAsync(adminA, count: 4);
        using var observerA = first.Client(observerKey);
        using var observerB = second.Client(observerKey);
        for (var i = 0; i < 12; i++)
            await ObserveAsync(i % 2 == 0 ? observerA : observerB, commitments[i % commitments.Count]).Expect(HttpStatusCode.Created);

        // A key revoked through one node fails at once on the other, which had just accepted it.
        var (lostKey, lostKeyId, lostOrgId) = await ObserverKeyAsync(adminA, "Observatoire au téléphone perdu");
        using var lostOnB = second.Client(lostKey);
        await ObserveAsync(lostOnB, commitments[0]).Expect(HttpStatusCode.Created);
        await adminA.Post($"/api/organizations/{lostOrgId}/keys/{lostKeyId}/revocation", new { reason = "Phone lost" })
            .Expect(HttpStatusCode.OK);
        await ObserveAsync(lostOnB, commitments[0]).ExpectProblem(HttpStatusCode.Unauthorized);

        // Kill the node running the gaps read model, while the other keeps taking observations.
        var (victim, survivor) = split.A.Contains("trackedcommitment/all") ? (first, second) : (second, first);
        using var survivorObserver = survivor.Client(observerKey);
        using var writing = new CancellationTokenSource();
        var acceptedMeanwhile = 0;
        var writer = Task.Run(async () =>
        {
            for (var i = 0; !writing.IsCancellationRequested; i++)
            {
                using var response = await ObserveAsync(survivorObserver, commitments[i % commitments.Count]);
                Assert.Equal(HttpStatusCode.Created, response.StatusCode);
                acceptedMeanwhile++;
                await Task.Delay(50);
            }
        });
        await Task.Delay(500);
        await victim.KillAsync();
        var killedAt = DateTime.UtcNow;

        var taken = await UntilAsync(async () =>
        {
            var report = await ClusterAsync(survivor);
            return (Nodes(report) == 1 && Running(report).SequenceEqual(Projections), Running(report));
        }, $"{survivor.Name} running every projection after {victim.Name} was killed");
        Assert.Equal(Projections, taken);
        output.WriteLine($"{survivor.Name} ran every projection {(DateTime.UtcNow - killedAt).TotalSeconds:F1} s after {victim.Name} was killed");
        await Task.Delay(1000); // a few more writes on the survivor alone
        writing.Cancel();
        await writer;
        Assert.True(acceptedMeanwhile > 0, "the survivor took no writes during the failover");

        // Every observation in the event store is in the read model exactly once, and the log holds every event once.
        var (submitted, projected) = await UntilAsync(async () =>
        {
            var events = await LedgerProcesses.ObservationIdsInEventsAsync(_connectionString);
            var tracked = await LedgerProcesses.ObservationIdsInReadModelAsync(_connectionString);
            return (tracked.Count >= events.Count && await LedgerProcesses.LogIsCompleteAsync(_connectionString), (events, tracked));
        }, "the read models catching up with every event");
        Assert.Equal(submitted.Order(), projected.Order()); // none lost, none applied twice
        output.WriteLine($"{submitted.Count} observations in the event store and in the read model; {acceptedMeanwhile} taken during the failover");
        Assert.True(submitted.Count >= 12 + acceptedMeanwhile, $"{submitted.Count} observations stored, {12 + acceptedMeanwhile} accepted");
    }

    static async Task<JsonElement> ClusterAsync(ApiProcess node)
    {
        using var admin = node.Client(LedgerApi.AdminKey);
        return await admin.GetAsync("/api/cluster").Expect(HttpStatusCode.OK);
    }

    static string[] Running(JsonElement cluster) =>
        [.. cluster.GetProperty("runningProjections").EnumerateArray().Select(p => p.GetString()!).Order()];

    static int Nodes(JsonElement cluster) => cluster.GetProperty("nodes").GetArrayLength();

    Task<T> UntilAsync<T>(Func<Task<(bool Done, T Value)>> probe, string what) =>
        LedgerProcesses.UntilAsync(probe, what, Patience, _nodes);
}
