using Npgsql;
using Wolverine;
using Wolverine.Runtime;

namespace Ledger.Infrastructure.Postgres;

/// <summary>
/// Tells a crashed node from a slow one, so that its projections and the transparency log move at once rather than
/// after the stale timeout. Each node holds a PostgreSQL session lock named after it for as long as its process lives;
/// PostgreSQL releases it the moment the process's connection closes (a kill -9 included). A node whose lock is free is
/// gone: its heartbeat is dated back, so Wolverine's next health check treats it as stale and reassigns its agents.
/// A node that is merely slow, or cut off by the network, keeps its session and its lock and is left to the stale
/// timeout. Balanced mode only; every node of the cluster must run this version or later.
/// </summary>
public sealed class NodeLiveness(LedgerDatabase database, IWolverineRuntime runtime, ILogger<NodeLiveness> log)
    : BackgroundService
{
    /// <summary>The first key of PostgreSQL's two-key advisory locks ("LDGR"), apart from Marten's and Wolverine's.</summary>
    const int LockClass = 0x4C444752;

    /// <summary>A node is judged only after this node's own lock has been held this long and found free twice in a row,
    /// so that after a PostgreSQL restart every node has taken its lock again before any is judged.</summary>
    const int SettleTicks = 3;

    readonly HashSet<Guid> _freeOnce = [];
    readonly HashSet<Guid> _judged = [];
    NpgsqlConnection? _session;
    int _heldTicks;

    public static int LockKeyOf(Guid nodeId) => BitConverter.ToInt32(nodeId.ToByteArray(), 0);

    bool Balanced => runtime.Options.Durability.Mode == DurabilityMode.Balanced;
    TimeSpan Tick => runtime.Options.Durability.HealthCheckPollingTime;

    /// <summary>Before Wolverine registers this node (this service is added first), so that no peer ever sees it lockless.</summary>
    public override async Task StartAsync(CancellationToken ct)
    {
        if (!Balanced) return;
        try
        {
            await HoldOwnLockAsync(ct);
        }
        catch (Exception e) when (DatabaseOutage.Is(e))
        {
            log.LogWarning("The node's liveness lock could not be taken at start; it is retried every {Tick}", Tick);
        }
        await base.StartAsync(ct);
    }

    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        if (!Balanced) return;
        using var timer = new PeriodicTimer(Tick);
        while (await timer.WaitForNextTickAsync(ct))
        {
            try
            {
                if (!await OwnLockHeldAsync(ct)) await HoldOwnLockAsync(ct);
                else if (++_heldTicks >= SettleTicks) await JudgePeersAsync(ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                await DropSessionAsync();
                if (!DatabaseOutage.Is(e)) log.LogError(e, "Checking the cluster's nodes for crashed processes failed");
            }
        }
    }

    async Task HoldOwnLockAsync(CancellationToken ct)
    {
        await DropSessionAsync();
        var session = new NpgsqlConnection(database.ConnectionString);
        await session.OpenAsync(ct);
        await using (var take = new NpgsqlCommand("SELECT pg_advisory_lock($1, $2)", session))
        {
            take.Parameters.Add(new() { Value = LockClass });
            take.Parameters.Add(new() { Value = LockKeyOf(runtime.Options.UniqueNodeId) });
            await take.ExecuteNonQueryAsync(ct);
        }
        _session = session;
        _heldTicks = 0;
        _freeOnce.Clear();
    }

    async Task<bool> OwnLockHeldAsync(CancellationToken ct)
    {
        if (_session is not { State: System.Data.ConnectionState.Open }) return false;
        await using var ping = new NpgsqlCommand("SELECT 1", _session);
        await ping.ExecuteScalarAsync(ct);
        return true;
    }

    async Task JudgePeersAsync(CancellationToken ct)
    {
        var self = runtime.Options.UniqueNodeId;
        // A peer whose key is this node's own would look free to this session, which holds that lock: never judged.
        var peers = (await runtime.Storage.Nodes.LoadAllNodesAsync(ct))
            .Where(n => n.NodeId != self && LockKeyOf(n.NodeId) != LockKeyOf(self) && !_judged.Contains(n.NodeId)).ToList();
        _freeOnce.IntersectWith(peers.Select(p => p.NodeId));
        foreach (var peer in peers)
        {
            if (!await LockIsFreeAsync(peer.NodeId, ct))
            {
                _freeOnce.Remove(peer.NodeId);
                continue;
            }
            if (_freeOnce.Add(peer.NodeId)) continue; // free once: look again at the next tick
            await runtime.Storage.Nodes.OverwriteHealthCheckTimeAsync(peer.NodeId, DateTimeOffset.UnixEpoch);
            _judged.Add(peer.NodeId);
            log.LogWarning("Node {Number}'s process is gone (its database session ended): its projections move now, " +
                           "without waiting for the stale timeout", peer.AssignedNodeNumber);
        }
    }

    async Task<bool> LockIsFreeAsync(Guid nodeId, CancellationToken ct)
    {
        await using var probe = new NpgsqlCommand(
            "SELECT CASE WHEN pg_try_advisory_lock($1, $2) THEN pg_advisory_unlock($1, $2) ELSE false END", _session);
        probe.Parameters.Add(new() { Value = LockClass });
        probe.Parameters.Add(new() { Value = LockKeyOf(nodeId) });
        return await probe.ExecuteScalarAsync(ct) is true;
    }

    async Task DropSessionAsync()
    {
        if (_session is null) return;
        await _session.DisposeAsync();
        _session = null;
    }

    public override async Task StopAsync(CancellationToken ct)
    {
        await base.StopAsync(ct);
        await DropSessionAsync(); // closing the session releases the lock
    }
}
