using System.Collections.Concurrent;
using Ledger.Infrastructure.Postgres;
using Ledger.Organizations;
using Marten;
using Npgsql;

namespace Ledger.Organizations.Keys;

/// <summary>
/// Issued keys as stored, read at every request by primary key (one indexed read), so that a revoked key fails at once
/// on every node sharing the database: no node keeps a copy that could outlive a revocation. Each node records a key's
/// use at most once a minute, so a burst of observations from one key costs no extra write.
/// </summary>
public sealed class IssuedKeys(TimeProvider clock, IDocumentStore store, LedgerDatabase database) : IAsyncDisposable
{
    static readonly TimeSpan UseGranularity = TimeSpan.FromMinutes(1);
    const int Capacity = 10_000;

    readonly ConcurrentDictionary<Guid, DateTimeOffset> _useRecorded = new();

    /// <summary>
    /// Read on a multiplexed data source of its own: every request reads its key, and through a Marten session each read
    /// took a pooled connection, reset it and made its own round trip (a fifth of the app's CPU per observation,
    /// docs/benchmarks.md). Multiplexed, concurrent requests' reads share connections and writes.
    /// </summary>
    readonly Lazy<NpgsqlDataSource> _keyReads = new(() =>
        new NpgsqlDataSourceBuilder(database.ConnectionString) { ConnectionStringBuilder = { Multiplexing = true } }.Build());

    public async Task<ApiKey?> FindAsync(Guid keyId, CancellationToken ct)
    {
        await using var command = _keyReads.Value.CreateCommand(
            $"SELECT data FROM {store.Options.DatabaseSchemaName}.mt_doc_apikey WHERE id = $1");
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = keyId });
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? store.Options.Serializer().FromJson<ApiKey>(reader, 0) : null;
    }

    public async ValueTask DisposeAsync()
    {
        if (_keyReads.IsValueCreated) await _keyReads.Value.DisposeAsync();
    }

    /// <summary>Whether a session opened with <paramref name="caller"/>'s key may go on: not once the key is revoked.</summary>
    public async Task<bool> StillValidAsync(Caller caller, BootstrapAdminKey bootstrap, CancellationToken ct)
    {
        if (caller.KeyId == Caller.Bootstrap.KeyId) return !string.IsNullOrEmpty(bootstrap.Value);
        if (!Guid.TryParseExact(caller.KeyId, "N", out var keyId)) return false;
        if (await FindAsync(keyId, ct) is not { RevokedAt: null }) return false;
        await NoteUseAsync(keyId, ct);
        return true;
    }

    /// <summary>Records that the key was used now, unless this node recorded it less than a minute ago.</summary>
    public async Task NoteUseAsync(Guid keyId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (_useRecorded.TryGetValue(keyId, out var recorded) && now - recorded < UseGranularity) return;
        if (_useRecorded.Count >= Capacity) _useRecorded.Clear(); // a crude bound: at worst one more write per key
        _useRecorded[keyId] = now;
        var minute = new DateTimeOffset(now.Ticks - now.Ticks % TimeSpan.TicksPerMinute, TimeSpan.Zero);
        await using var session = store.LightweightSession();
        session.Store(new ApiKeyUse(keyId, minute));
        await session.SaveChangesAsync(ct);
    }
}
