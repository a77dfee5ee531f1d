using JasperFx.Events.Projections;
using Ledger.Infrastructure;
using Marten;

namespace Ledger.Measuring;

/// <summary>A curator added a unit to the catalogue, e.g. <c>dams</c> where the sources count dams.</summary>
public sealed record UnitRegistered(string Code, UnitKind Kind, string English, string French, bool Additive);

/// <summary>A registered unit: one stream per code, so that the same code registered twice collides (409).</summary>
public sealed record RegisteredUnit(Guid Id, string Code, UnitKind Kind, string English, string French, bool Additive)
{
    public long Version { get; init; }

    public static RegisteredUnit Create(UnitRegistered e) => new(StreamIdOf(e.Code), e.Code, e.Kind, e.English, e.French, e.Additive);

    public static Guid StreamIdOf(string code) => DeterministicIds.From($"unit:{code.Trim().ToLowerInvariant()}");

    public UnitDefinition ToDefinition() => new(Code, Kind, English, French, Additive);
}

public static class UnitsStore
{
    /// <summary>An inline snapshot: a unit is usable by the next request that names it.</summary>
    public static StoreOptions ConfigureUnits(this StoreOptions o)
    {
        o.Projections.Snapshot<RegisteredUnit>(SnapshotLifecycle.Inline);
        return o;
    }

    /// <summary>The built-in units and every registered one: what targets, filters and totals are checked against.</summary>
    public static async Task<UnitCatalogue> UnitCatalogueAsync(this IQuerySession session, CancellationToken ct)
    {
        var registered = await session.Query<RegisteredUnit>().ToListAsync(ct);
        return registered.Count == 0 ? UnitCatalogue.BuiltIn : UnitCatalogue.BuiltIn.With(registered.Select(u => u.ToDefinition()));
    }
}
