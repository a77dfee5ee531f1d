using JasperFx.Events;
using JasperFx.Events.Projections;
using Ledger.Commitments.Gaps;
using Ledger.Deals;
using Marten;
using Marten.Events.Projections;

namespace Ledger.Parties;

/// <summary>One alias a deal gives one of its parties: "Sicomines" for "Chinese consortium" in the 2008 convention.</summary>
public sealed record PartyAlias(string Id, Guid DealId, string AliasKey, string Alias, string Party, string PartyKey);

/// <summary>Every alias of every deal's parties, written with the deal's registration, for filters and party records.</summary>
public sealed partial class PartyAliasProjection : EventProjection
{
    public void Project(IEvent<DealRegistered> e, IDocumentOperations ops)
    {
        foreach (var party in e.Data.Parties)
            foreach (var alias in party.Aliases ?? [])
                ops.Store(new PartyAlias($"{e.Data.DealId}:{TrackedCommitment.KeyOf(alias)}", e.Data.DealId,
                    TrackedCommitment.KeyOf(alias), alias, party.Name, TrackedCommitment.KeyOf(party.Name)));
    }
}

/// <summary>A party as a name asks for it: the names its commitments are recorded under, and its other names.</summary>
public sealed record PartyNames(string Asked, IReadOnlyList<string> Keys, IReadOnlyList<string> Aliases)
{
    /// <summary>
    /// The name itself, and the party (or parties: two deals may give one alias to different names) any deal gives it
    /// to as an alias; case is ignored.
    /// </summary>
    public static async Task<PartyNames> ResolveAsync(IQuerySession session, string name, CancellationToken ct)
    {
        var key = TrackedCommitment.KeyOf(name);
        var named = await session.Query<PartyAlias>().Where(a => a.AliasKey == key).ToListAsync(ct);
        string[] keys = [key, .. named.Select(a => a.PartyKey).Distinct().Where(k => k != key)];
        var aliases = await session.Query<PartyAlias>().Where(a => a.PartyKey.IsOneOf(keys)).ToListAsync(ct);
        return new PartyNames(name.Trim(), keys,
            [.. aliases.Select(a => a.Alias).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal)]);
    }

    public bool Includes(string promisor) => Keys.Contains(TrackedCommitment.KeyOf(promisor));
}

public static class PartiesStore
{
    public static StoreOptions ConfigureParties(this StoreOptions o)
    {
        o.Projections.Add<PartyAliasProjection>(ProjectionLifecycle.Inline);
        o.Schema.For<PartyAlias>().Duplicate(a => a.AliasKey).Duplicate(a => a.PartyKey);
        return o;
    }
}
