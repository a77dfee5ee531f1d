using System.Collections.Concurrent;
using Ledger.Organizations;
using Marten;

namespace Ledger.Organizations.Keys;

/// <summary>
/// Issued keys as stored, read at every request by primary key (one indexed read), so that a revoked key fails at once
/// on every node sharing the database: no node keeps a copy that could outlive a revocation. Each node records a key's
/// use at most once a minute, so a burst of observations from one key costs no extra write.
/// </summary>
public sealed class IssuedKeys(TimeProvider clock, IDocumentStore store)
{
    static readonly TimeSpan UseGranularity = TimeSpan.FromMinutes(1);
    const int Capacity = 10_000;

    readonly ConcurrentDictionary<Guid, DateTimeOffset> _useRecorded = new();

    public Task<ApiKey?> FindAsync(Guid keyId, IQuerySession session, CancellationToken ct) =>
        session.LoadAsync<ApiKey>(keyId, ct);

    /// <summary>Whether a session opened with <paramref name="caller"/>'s key may go on: not once the key is revoked.</summary>
    public async Task<bool> StillValidAsync(Caller caller, BootstrapAdminKey bootstrap, IQuerySession session, CancellationToken ct)
    {
        if (caller.KeyId == Caller.Bootstrap.KeyId) return !string.IsNullOrEmpty(bootstrap.Value);
        if (!Guid.TryParseExact(caller.KeyId, "N", out var keyId)) return false;
        if (await FindAsync(keyId, session, ct) is not { RevokedAt: null }) return false;
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
