using System.Security.Cryptography;
using Marten;
using Marten.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Ledger.Transparency.Log;

/// <summary>An entry of the log as served: its leaf, and the event it was made from as stored now (null when it is gone).</summary>
public sealed record StoredLeaf(long Index, long Sequence, byte[] LeafHash, EventRow? Event, IReadOnlyList<FieldSeal> Seals);

/// <summary>
/// The Merkle log in PostgreSQL, beside the events: <c>ledger_log_leaves</c> maps each dense leaf index to the event sequence it
/// logs; <c>ledger_log_nodes</c> holds every complete subtree hash by (level, index), so a root or a proof is O(log n) point
/// reads and never a recomputation; <c>ledger_log_seals</c> holds the salts and digests of protected fields, apart from the
/// tree so that they can be erased. The tables refuse updates and deletes, except erasing a salt.
/// </summary>
public sealed class LogStore(IServiceProvider services, ILogger<LogStore> log)
{
    // Serialises appends across processes (two nodes running the daemon, or the daemon and the late-arrival sweep).
    const long AppendLock = 0x4c65646765724c6f; // "LedgerLo"

    /// <summary>Late commits are looked for among this many sequences below the newest logged one.</summary>
    public const long LateArrivalWindow = 10_000;

    IMartenDatabase? _database;
    string? _schema;

    // Resolved at first use: the store is built after this class. It owns the events' schema, the connection pool and,
    // through its migrations, the log's tables (LogSchema).
    IDocumentStore Store => services.GetRequiredService<IDocumentStore>();
    string Schema => _schema ??= Store.Options.Events.DatabaseSchemaName;
    IMartenDatabase Database => _database ??= Store.Storage.Database;

    async Task<NpgsqlConnection> OpenAsync(CancellationToken ct)
    {
        var connection = Database.CreateConnection();
        await connection.OpenAsync(ct);
        return connection;
    }

    string EventColumns => "e.seq_id, e.stream_id, e.version, e.type, e.timestamp, e.data::text";

    // Tombstones fill the sequence numbers of failed appends: they record nothing and are not logged.
    string Unlogged => $"""
        e.type <> '{JasperFx.Events.Tombstone.Name}' AND e.stream_id <> '{JasperFx.Events.Tombstone.StreamId}'
        AND NOT EXISTS (SELECT 1 FROM {Schema}.ledger_log_leaves l WHERE l.sequence = e.seq_id)
        """;

    /// <summary>Logs every committed event with a sequence in (floor, ceiling] not logged yet, in sequence order.</summary>
    public Task<int> AppendRangeAsync(long floor, long ceiling, CancellationToken ct) =>
        AppendAsync($"e.seq_id > {floor} AND e.seq_id <= {ceiling}", ct);

    /// <summary>
    /// Logs events that committed after the daemon had moved past their sequence (a transaction slower than the daemon's gap
    /// threshold). They take the next leaf indexes: the log's order is the order events became visible, which is sequence order
    /// but for these.
    /// </summary>
    public async Task<int> AppendLateArrivalsAsync(CancellationToken ct)
    {
        // The window's sequences less the logged ones, as two index-only scans and a hash: a probe of the leaves per
        // event of the window read every event row (≈ 30 ms every 2 s at 1M events, against ≈ 10 ms this way).
        var hi = $"SELECT coalesce(max(sequence), 0) FROM {Schema}.ledger_log_leaves";
        var appended = await AppendAsync($"""
            e.seq_id IN (
                SELECT seq_id FROM {Schema}.mt_events WHERE seq_id <= ({hi}) AND seq_id > ({hi}) - {LateArrivalWindow}
                EXCEPT
                SELECT sequence FROM {Schema}.ledger_log_leaves
                WHERE sequence <= ({hi}) AND sequence > ({hi}) - {LateArrivalWindow})
            """, ct);
        if (appended > 0) log.LogWarning("Logged {Count} event(s) that committed after later ones had been logged", appended);
        return appended;
    }

    async Task<int> AppendAsync(string which, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await Execute(connection, $"SELECT pg_advisory_xact_lock({AppendLock})", ct);

        var size = await SizeAsync(connection, ct);
        var events = await ReadEventsAsync(connection, $"SELECT {EventColumns} FROM {Schema}.mt_events e WHERE {which} AND {Unlogged} ORDER BY e.seq_id", ct);
        if (events.Count == 0) return 0;

        var frontierNodes = MerkleTree.Frontier(size);
        var stored = await NodesAsync(connection, frontierNodes, ct);
        var frontier = frontierNodes.Select(n => (n, stored[n])).ToList();

        var seals = new List<(long Sequence, FieldSeal Seal)>();
        var leaves = new List<byte[]>(events.Count);
        foreach (var row in events)
        {
            var rowSeals = LogEntry.Seal(row, () => RandomNumberGenerator.GetBytes(32));
            seals.AddRange(rowSeals.Select(s => (row.Sequence, s)));
            leaves.Add(LogEntry.LeafHash(LogEntry.Text(row, rowSeals)));
        }
        var created = MerkleTree.Append(frontier, size, leaves);

        await using (var insert = new NpgsqlCommand($"""
            INSERT INTO {Schema}.ledger_log_leaves (leaf_index, sequence) SELECT * FROM unnest(@indexes, @sequences);
            INSERT INTO {Schema}.ledger_log_nodes (level, idx, hash) SELECT * FROM unnest(@levels, @idxs, @hashes);
            INSERT INTO {Schema}.ledger_log_seals (sequence, path, salt, digest) SELECT * FROM unnest(@sealSequences, @paths, @salts, @digests);
            """, connection, transaction))
        {
            insert.Parameters.AddWithValue("indexes", Enumerable.Range(0, events.Count).Select(i => size + i).ToArray());
            insert.Parameters.AddWithValue("sequences", events.Select(e => e.Sequence).ToArray());
            insert.Parameters.AddWithValue("levels", created.Select(c => (short)c.Node.Level).ToArray());
            insert.Parameters.AddWithValue("idxs", created.Select(c => c.Node.Index).ToArray());
            insert.Parameters.AddWithValue("hashes", created.Select(c => c.Hash).ToArray());
            insert.Parameters.AddWithValue("sealSequences", seals.Select(s => s.Sequence).ToArray());
            insert.Parameters.AddWithValue("paths", seals.Select(s => s.Seal.Path).ToArray());
            insert.Parameters.AddWithValue("salts", seals.Select(s => s.Seal.Salt!).ToArray());
            insert.Parameters.AddWithValue("digests", seals.Select(s => s.Seal.Digest).ToArray());
            await insert.ExecuteNonQueryAsync(ct);
        }
        await transaction.CommitAsync(ct);
        return events.Count;
    }

    /// <summary>The number of leaves and the root over them.</summary>
    public async Task<(long Size, byte[] Root)> HeadAsync(CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        var size = await SizeAsync(connection, ct);
        // Nodes never change once written, so reading them after the size (in a later snapshot) is consistent.
        var nodes = await NodesAsync(connection, MerkleTree.Frontier(size), ct);
        return (size, MerkleTree.Root(size, n => nodes[n]));
    }

    public async Task<long> SizeAsync(CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        return await SizeAsync(connection, ct);
    }

    /// <summary>The root of the tree as it was at <paramref name="size"/> leaves: the log's own consistency check before it signs.</summary>
    public async Task<byte[]> RootAsync(long size, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        var nodes = await NodesAsync(connection, MerkleTree.Frontier(size), ct);
        return MerkleTree.Root(size, n => nodes[n]);
    }

    /// <summary>The hash of each range, from the stored nodes behind them, in one round trip.</summary>
    public async Task<IReadOnlyList<byte[]>> HashesAsync(IReadOnlyList<LeafRange> ranges, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        var nodes = await NodesAsync(connection, MerkleTree.NodesFor(ranges), ct);
        return [.. ranges.Select(r => MerkleTree.RangeHash(r, n => nodes[n]))];
    }

    public async Task<long?> IndexOfSequenceAsync(long sequence, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = new NpgsqlCommand($"SELECT leaf_index FROM {Schema}.ledger_log_leaves WHERE sequence = @sequence", connection);
        command.Parameters.AddWithValue("sequence", sequence);
        return await command.ExecuteScalarAsync(ct) as long?;
    }

    public async Task<bool> EventExistsAsync(long sequence, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = new NpgsqlCommand(
            $"SELECT 1 FROM {Schema}.mt_events WHERE seq_id = @sequence AND type <> '{JasperFx.Events.Tombstone.Name}'", connection);
        command.Parameters.AddWithValue("sequence", sequence);
        return await command.ExecuteScalarAsync(ct) is not null;
    }

    /// <summary>Leaves [start, start + count) with the events they log as stored now, and their seals.</summary>
    public async Task<IReadOnlyList<StoredLeaf>> LeavesAsync(long start, int count, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        var rows = new List<(long Index, long Sequence, byte[] Hash, EventRow? Event)>();
        await using (var command = new NpgsqlCommand($"""
            SELECT l.leaf_index, l.sequence, n.hash, {EventColumns}
            FROM {Schema}.ledger_log_leaves l
            JOIN {Schema}.ledger_log_nodes n ON n.level = 0 AND n.idx = l.leaf_index
            LEFT JOIN {Schema}.mt_events e ON e.seq_id = l.sequence
            WHERE l.leaf_index >= @start AND l.leaf_index < @end
            ORDER BY l.leaf_index
            """, connection))
        {
            command.Parameters.AddWithValue("start", start);
            command.Parameters.AddWithValue("end", start + count);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
                rows.Add((reader.GetInt64(0), reader.GetInt64(1), reader.GetFieldValue<byte[]>(2),
                    await reader.IsDBNullAsync(3, ct) ? null : ReadEvent(reader, 3)));
        }

        var seals = new Dictionary<long, List<FieldSeal>>();
        await using (var command = new NpgsqlCommand(
            $"SELECT sequence, path, salt, digest FROM {Schema}.ledger_log_seals WHERE sequence = ANY(@sequences)", connection))
        {
            command.Parameters.AddWithValue("sequences", rows.Select(r => r.Sequence).ToArray());
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var sequence = reader.GetInt64(0);
                if (!seals.TryGetValue(sequence, out var list)) seals[sequence] = list = [];
                list.Add(new FieldSeal(reader.GetString(1), await reader.IsDBNullAsync(2, ct) ? null : reader.GetFieldValue<byte[]>(2),
                    reader.GetFieldValue<byte[]>(3)));
            }
        }
        return [.. rows.Select(r => new StoredLeaf(r.Index, r.Sequence, r.Hash, r.Event, seals.GetValueOrDefault(r.Sequence) ?? []))];
    }

    async Task<long> SizeAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand($"SELECT coalesce(max(leaf_index) + 1, 0) FROM {Schema}.ledger_log_leaves", connection);
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    async Task<Dictionary<NodeId, byte[]>> NodesAsync(NpgsqlConnection connection, IReadOnlyList<NodeId> wanted, CancellationToken ct)
    {
        var nodes = new Dictionary<NodeId, byte[]>();
        if (wanted.Count == 0) return nodes;
        await using var command = new NpgsqlCommand($"""
            SELECT n.level, n.idx, n.hash FROM {Schema}.ledger_log_nodes n
            JOIN unnest(@levels, @idxs) AS w(level, idx) ON n.level = w.level AND n.idx = w.idx
            """, connection);
        command.Parameters.AddWithValue("levels", wanted.Select(n => (short)n.Level).ToArray());
        command.Parameters.AddWithValue("idxs", wanted.Select(n => n.Index).ToArray());
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) nodes[new NodeId(reader.GetInt16(0), reader.GetInt64(1))] = reader.GetFieldValue<byte[]>(2);
        var missing = wanted.Where(n => !nodes.ContainsKey(n)).ToList();
        if (missing.Count > 0)
            throw new InvalidOperationException($"The log is missing stored nodes {string.Join(", ", missing)}: its tables were changed outside the ledger");
        return nodes;
    }

    async Task<List<EventRow>> ReadEventsAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new List<EventRow>();
        while (await reader.ReadAsync(ct)) rows.Add(ReadEvent(reader, 0));
        return rows;
    }

    static EventRow ReadEvent(NpgsqlDataReader reader, int at) => new(
        reader.GetInt64(at), reader.GetGuid(at + 1), reader.GetInt64(at + 2), reader.GetString(at + 3),
        reader.GetFieldValue<DateTimeOffset>(at + 4), reader.GetString(at + 5));

    static async Task Execute(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Every checkpoint published, newest first.</summary>
    public async Task<(IReadOnlyList<StoredCheckpoint> Items, long Total)> CheckpointsAsync(int skip, int take, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = new NpgsqlCommand($"""
            SELECT tree_size, root_hash, signed_at, note, count(*) OVER () FROM {Schema}.ledger_checkpoints
            ORDER BY tree_size DESC OFFSET @skip LIMIT @take
            """, connection);
        command.Parameters.AddWithValue("skip", skip);
        command.Parameters.AddWithValue("take", take);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var items = new List<StoredCheckpoint>();
        long total = 0;
        while (await reader.ReadAsync(ct))
        {
            items.Add(CheckpointOf(reader));
            total = reader.GetInt64(4);
        }
        // A page past the last counts them in a second command, which needs the connection's reader closed first.
        await reader.CloseAsync();
        if (items.Count == 0 && skip > 0) total = await CountCheckpointsAsync(connection, ct);
        return (items, total);
    }

    async Task<long> CountCheckpointsAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand($"SELECT count(*) FROM {Schema}.ledger_checkpoints", connection);
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    /// <summary>
    /// The newest checkpoint, by one index entry: the publisher asks every 2 s and verifiers on every fetch, so it does
    /// not count the checkpoints as the listing does (one per 2 s of writes: their count grows with the ledger's age).
    /// </summary>
    public async Task<StoredCheckpoint?> LatestCheckpointAsync(CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = new NpgsqlCommand($"""
            SELECT tree_size, root_hash, signed_at, note FROM {Schema}.ledger_checkpoints
            ORDER BY tree_size DESC LIMIT 1
            """, connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? CheckpointOf(reader) : null;
    }

    // Both checkpoint reads select tree_size, root_hash, signed_at and note first.
    static StoredCheckpoint CheckpointOf(NpgsqlDataReader reader) =>
        new(reader.GetInt64(0), reader.GetFieldValue<byte[]>(1), reader.GetFieldValue<DateTimeOffset>(2),
            reader.GetString(3));

    public async Task SaveCheckpointAsync(StoredCheckpoint checkpoint, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = new NpgsqlCommand($"""
            INSERT INTO {Schema}.ledger_checkpoints (tree_size, root_hash, signed_at, note) VALUES (@size, @root, @at, @note)
            ON CONFLICT (tree_size) DO NOTHING
            """, connection);
        command.Parameters.AddWithValue("size", checkpoint.TreeSize);
        command.Parameters.AddWithValue("root", checkpoint.RootHash);
        command.Parameters.Add(new NpgsqlParameter("at", NpgsqlDbType.TimestampTz) { Value = checkpoint.SignedAt });
        command.Parameters.AddWithValue("note", checkpoint.Note);
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task<StoredCheckpoint?> CheckpointAsync(long treeSize, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = new NpgsqlCommand(
            $"SELECT tree_size, root_hash, signed_at, note FROM {Schema}.ledger_checkpoints WHERE tree_size = @size", connection);
        command.Parameters.AddWithValue("size", treeSize);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct)
            ? new StoredCheckpoint(reader.GetInt64(0), reader.GetFieldValue<byte[]>(1), reader.GetFieldValue<DateTimeOffset>(2),
                reader.GetString(3))
            : null;
    }

    /// <summary>Stores the cosignatures not stored yet (a witness's first of each checkpoint counts); returns how many were.</summary>
    public async Task<int> SaveCosignaturesAsync(IReadOnlyList<StoredCosignature> cosignatures, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        var saved = 0;
        foreach (var cosignature in cosignatures)
        {
            await using var command = new NpgsqlCommand($"""
                INSERT INTO {Schema}.ledger_cosignatures (tree_size, witness, key_id, cosigned_at, line)
                VALUES (@size, @witness, @key, @at, @line) ON CONFLICT DO NOTHING
                """, connection);
            command.Parameters.AddWithValue("size", cosignature.TreeSize);
            command.Parameters.AddWithValue("witness", cosignature.Witness);
            command.Parameters.AddWithValue("key", (long)cosignature.KeyId);
            command.Parameters.Add(new NpgsqlParameter("at", NpgsqlDbType.TimestampTz) { Value = cosignature.CosignedAt });
            command.Parameters.AddWithValue("line", cosignature.Line);
            saved += await command.ExecuteNonQueryAsync(ct);
        }
        return saved;
    }

    /// <summary>The cosignatures of the checkpoints of these sizes, in the order the witnesses' names sort.</summary>
    public async Task<ILookup<long, StoredCosignature>> CosignaturesAsync(IReadOnlyList<long> treeSizes, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = new NpgsqlCommand($"""
            SELECT tree_size, witness, key_id, cosigned_at, line FROM {Schema}.ledger_cosignatures
            WHERE tree_size = ANY(@sizes) ORDER BY tree_size, witness COLLATE "C", key_id
            """, connection);
        command.Parameters.AddWithValue("sizes", treeSizes.ToArray());
        await using var reader = await command.ExecuteReaderAsync(ct);
        var found = new List<StoredCosignature>();
        while (await reader.ReadAsync(ct))
            found.Add(new StoredCosignature(reader.GetInt64(0), reader.GetString(1), (uint)reader.GetInt64(2),
                reader.GetFieldValue<DateTimeOffset>(3), reader.GetString(4)));
        return found.ToLookup(c => c.TreeSize);
    }
}

/// <summary>A witness's cosignature of the checkpoint of <see cref="TreeSize"/>: <see cref="Line"/> is its note signature line.</summary>
public sealed record StoredCosignature(long TreeSize, string Witness, uint KeyId, DateTimeOffset CosignedAt, string Line);

/// <summary>A signed checkpoint as published: <see cref="Note"/> is the C2SP signed note over origin, size and root.</summary>
public sealed record StoredCheckpoint(long TreeSize, byte[] RootHash, DateTimeOffset SignedAt, string Note);
