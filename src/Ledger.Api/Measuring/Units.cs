using Ledger.Infrastructure.Validation;
namespace Ledger.Measuring;

/// <summary>How much of what: amounts are only ever compared within one unit, never added across units.</summary>
public sealed record Target(decimal Amount, string Unit);

public sealed record TargetInput(decimal? Amount, string? Unit)
{
    public Target ToTarget(UnitCatalogue? units = null) => new(Amount!.Value, (units ?? UnitCatalogue.BuiltIn).Normalise(Unit!));
}

public enum UnitKind { Currency, Length, Area, Mass, Energy, Count, Percentage, Ratio }

/// <param name="Additive">Whether amounts in the unit add up to a total that means something: kilometres of road do,
/// two 50 % shares are not "100 %", and "items" counts things of different kinds.</param>
public sealed record UnitDefinition(string Code, UnitKind Kind, string English, string French, bool Additive = true)
{
    /// <summary>A percentage or a ratio is a share of something, never summed across commitments.</summary>
    public static bool CanAddUp(UnitKind kind) => kind is not (UnitKind.Percentage or UnitKind.Ratio);
}

/// <summary>The units the ledger is built with. Curators register more through <c>POST /api/units</c>.</summary>
public static class Units
{
    public static readonly IReadOnlyList<UnitDefinition> All =
    [
        new("USD", UnitKind.Currency, "US dollars", "dollars américains"),
        new("CNY", UnitKind.Currency, "Chinese yuan", "yuans chinois"),
        new("EUR", UnitKind.Currency, "euros", "euros"),
        new("CDF", UnitKind.Currency, "Congolese francs", "francs congolais"),
        new("UAH", UnitKind.Currency, "Ukrainian hryvnias", "hryvnias ukrainiennes"),
        new("km", UnitKind.Length, "kilometres", "kilomètres"),
        new("m", UnitKind.Length, "metres", "mètres"),
        new("ha", UnitKind.Area, "hectares", "hectares"),
        new("t", UnitKind.Mass, "tonnes", "tonnes"),
        new("MW", UnitKind.Energy, "megawatts", "mégawatts"),
        new("percent", UnitKind.Percentage, "percent", "pour cent", Additive: false),
        new("hospitals", UnitKind.Count, "hospitals", "hôpitaux"),
        new("health-centres", UnitKind.Count, "health centres", "centres de santé"),
        new("schools", UnitKind.Count, "schools", "écoles"),
        new("universities", UnitKind.Count, "universities", "universités"),
        new("housing-units", UnitKind.Count, "housing units", "logements"),
        new("beds", UnitKind.Count, "hospital beds", "lits d'hôpital"),
        new("projects", UnitKind.Count, "projects", "projets"),
        new("jobs", UnitKind.Count, "jobs", "emplois"),
        new("people", UnitKind.Count, "people", "personnes"),
        new("milestones", UnitKind.Count, "milestones", "étapes"),
        // Things of different kinds counted together: never one total.
        new("items", UnitKind.Count, "items", "éléments", Additive: false),
    ];

    public static bool IsKnown(string? code) => UnitCatalogue.BuiltIn.IsKnown(code);

    /// <summary>The catalogue's spelling of a known code ("usd" → "USD").</summary>
    public static string Normalise(string code) => UnitCatalogue.BuiltIn.Normalise(code);

    public static string KnownCodes => UnitCatalogue.BuiltIn.KnownCodes;
}

/// <summary>
/// The units a target may be measured in: the built-in ones and those registered since. One list, so that "km" and
/// "kilometres" are one row, not two; codes are matched without regard to case.
/// </summary>
public sealed class UnitCatalogue
{
    public static readonly UnitCatalogue BuiltIn = new(Units.All);

    readonly Dictionary<string, UnitDefinition> _byCode;

    public UnitCatalogue(IEnumerable<UnitDefinition> units)
    {
        All = [.. units];
        _byCode = new Dictionary<string, UnitDefinition>(StringComparer.OrdinalIgnoreCase);
        foreach (var unit in All) _byCode.TryAdd(unit.Code, unit);
    }

    public IReadOnlyList<UnitDefinition> All { get; }

    /// <summary>This catalogue and the registered units, built-in codes first (a registered one never shadows them).</summary>
    public UnitCatalogue With(IEnumerable<UnitDefinition> registered) =>
        new([.. All, .. registered.Where(u => !IsKnown(u.Code)).OrderBy(u => u.Code, StringComparer.Ordinal)]);

    public bool IsKnown(string? code) => code is not null && _byCode.ContainsKey(code.Trim());

    public UnitDefinition? Find(string? code) => code is null ? null : _byCode.GetValueOrDefault(code.Trim());

    /// <summary>An unknown unit (one from before the catalogue knew it) is not summed: no total is better than a wrong one.</summary>
    public bool IsAdditive(string code) => Find(code)?.Additive ?? false;

    public string Normalise(string code) => _byCode[code.Trim()].Code;

    public string KnownCodes => string.Join(", ", All.Select(u => u.Code));
}

/// <summary>The rules of a target and a unit as a request gives them.</summary>
public static class TargetRules
{
    public static FieldErrors Target(this FieldErrors errors, string field, TargetInput? target, UnitCatalogue? units = null)
    {
        if (target is null) return errors.Add(field, "is required");
        errors.Amount($"{field}.amount", target.Amount, positive: true);
        return errors.Unit($"{field}.unit", target.Unit, units);
    }

    public static FieldErrors Unit(this FieldErrors errors, string field, string? unit, UnitCatalogue? units = null)
    {
        units ??= UnitCatalogue.BuiltIn;
        if (string.IsNullOrWhiteSpace(unit)) errors.Add(field, "is required");
        else if (!units.IsKnown(unit)) errors.Add(field, $"'{unit}' is not a known unit; use one of {units.KnownCodes}");
        return errors;
    }
}
