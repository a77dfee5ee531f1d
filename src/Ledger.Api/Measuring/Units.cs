using Ledger.Infrastructure.Validation;
namespace Ledger.Measuring;

/// <summary>How much of what: amounts are only ever compared within one unit, never added across units.</summary>
public sealed record Target(decimal Amount, string Unit);

public sealed record TargetInput(decimal? Amount, string? Unit)
{
    public Target ToTarget() => new(Amount!.Value, Units.Normalise(Unit!));
}

public enum UnitKind { Currency, Length, Area, Mass, Energy, Count, Percentage }

public sealed record UnitDefinition(string Code, UnitKind Kind, string English, string French);

/// <summary>The units commitments may be measured in. A closed list, so that "km" and "kilometres" are one row, not two.</summary>
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
        new("percent", UnitKind.Percentage, "percent", "pour cent"),
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
        new("items", UnitKind.Count, "items", "éléments"),
    ];

    static readonly Dictionary<string, UnitDefinition> ByCode = All.ToDictionary(u => u.Code, StringComparer.OrdinalIgnoreCase);

    public static bool IsKnown(string? code) => code is not null && ByCode.ContainsKey(code.Trim());

    /// <summary>The catalogue's spelling of a known code ("usd" → "USD").</summary>
    public static string Normalise(string code) => ByCode[code.Trim()].Code;

    public static string KnownCodes => string.Join(", ", All.Select(u => u.Code));
}

/// <summary>The rules of a target and a unit as a request gives them.</summary>
public static class TargetRules
{
    public static FieldErrors Target(this FieldErrors errors, string field, TargetInput? target)
    {
        if (target is null) return errors.Add(field, "is required");
        errors.Amount($"{field}.amount", target.Amount, positive: true);
        return errors.Unit($"{field}.unit", target.Unit);
    }

    public static FieldErrors Unit(this FieldErrors errors, string field, string? unit)
    {
        if (string.IsNullOrWhiteSpace(unit)) errors.Add(field, "is required");
        else if (!Units.IsKnown(unit)) errors.Add(field, $"'{unit}' is not a known unit; use one of {Units.KnownCodes}");
        return errors;
    }
}
