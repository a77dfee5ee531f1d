using Ledger.Infrastructure.OpenApi;
using Ledger.Organizations.Keys;
using Microsoft.AspNetCore.Authorization;
using Wolverine;
using Wolverine.Http;
using Wolverine.Runtime;

namespace Ledger.Health;

/// <summary>A node as the cluster's shared table records it: its heartbeat, and the background agents assigned to it.</summary>
public sealed record ClusterNode(Guid Id, int Number, bool IsLeader, DateTimeOffset Started, DateTimeOffset LastHealthCheck,
    IReadOnlyList<string> Projections);

/// <summary>
/// <c>node</c>: the process that answered, with the projections and subscriptions it is running right now (from its own
/// memory, not the table); <c>nodes</c>: every node of the cluster as recorded in PostgreSQL.
/// </summary>
public sealed record ClusterReport(Guid NodeId, int NodeNumber, DurabilityMode Mode, IReadOnlyList<string> RunningProjections,
    IReadOnlyList<ClusterNode> Nodes);

/// <summary>
/// Which API process runs which async projection: Wolverine runs each one on exactly one node and moves it when a node
/// stops answering. For operators (admins only: agent addresses name the database server).
/// </summary>
public static class GetClusterEndpoint
{
    const string ProjectionScheme = "event-subscriptions";

    [Tags(Capability.Operations), EndpointSummary("Report the cluster's nodes and projections")]
    [WolverineGet("/api/cluster", OperationId = "getCluster"), Authorize(Policy = Policies.Admin)]
    public static async Task<ClusterReport> Get(IWolverineRuntime runtime, CancellationToken ct)
    {
        var nodes = await runtime.Storage.Nodes.LoadAllNodesAsync(ct);
        return new ClusterReport(
            runtime.Options.UniqueNodeId, runtime.Options.Durability.AssignedNodeNumber, runtime.Options.Durability.Mode,
            ProjectionsIn(runtime.Agents.AllRunningAgentUris()),
            [.. nodes.OrderBy(n => n.AssignedNodeNumber).Select(n => new ClusterNode(
                n.NodeId, n.AssignedNodeNumber, n.IsLeader(), n.Started, n.LastHealthCheck, ProjectionsIn(n.ActiveAgents)))]);
    }

    /// <summary>Projection agents only, each as its shard path (e.g. <c>trackedcommitment/all</c>), in a stable order.</summary>
    public static IReadOnlyList<string> ProjectionsIn(IEnumerable<Uri> agents) =>
        [.. agents.Where(a => a.Scheme == ProjectionScheme).Select(ShardPath).Distinct().Order(StringComparer.Ordinal)];

    // event-subscriptions://marten/main/{server}.{database}/{shard}/{key}: the last two segments name the shard.
    static string ShardPath(Uri agent) => string.Join('/', agent.AbsolutePath.Trim('/').Split('/').TakeLast(2));
}
