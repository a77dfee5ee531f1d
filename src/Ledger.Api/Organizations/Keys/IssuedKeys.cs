using System.Collections.Concurrent;
using Ledger.Organizations;
using Marten;

namespace Ledger.Organizations.Keys;

/// <summary>
/// Issued keys as stored, remembered for a minute, so that authenticating a write costs no database round trip (a burst
/// of observations comes from few keys). A stored key never changes once issued; a key that is not found is not
/// remembered, so a key issued a moment later works at once. Revoking keys (not offered yet) must evict here, and
/// other nodes would wait out the minute.
/// </summary>
public sealed class IssuedKeys(TimeProvider clock)
{
    static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);
    const int Capacity = 10_000;

    readonly ConcurrentDictionary<Guid, (ApiKey Key, DateTimeOffset Until)> _remembered = new();

    public async Task<ApiKey?> FindAsync(Guid keyId, IQuerySession session, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (_remembered.TryGetValue(keyId, out var known) && known.Until > now) return known.Key;
        var stored = await session.LoadAsync<ApiKey>(keyId, ct);
        if (stored is null) return null;
        if (_remembered.Count >= Capacity) _remembered.Clear(); // a crude bound: keys in use come back within a request
        _remembered[keyId] = (stored, now + Lifetime);
        return stored;
    }
}
