using System.Text.Json.Nodes;
using Ledger.Commitments;
using Ledger.Commitments.Status;
using Ledger.Infrastructure;
using Ledger.Measuring;

namespace Ledger.OpenData.Ocds;

/// <summary>A commitment as a contract milestone, with the Ledger extension's target and progress.</summary>
public static class OcdsMilestones
{
    /// <param name="status">The commitment as the ledger rated it when the release was recorded; null before it was made.</param>
    public static JsonObject Of(CommitmentMade made, CommitmentStatus? status, JsonObject promisor, string releaseDate,
        JsonObject? beneficiary, UnitCatalogue? units = null)
    {
        units ??= UnitCatalogue.BuiltIn;
        var currency = units.Find(made.Target.Unit)?.Kind == UnitKind.Currency;
        var target = status?.Target ?? made.Target.Amount;
        var dueOn = status is null ? made.DueOn : status.DueOn;
        var milestone = new JsonObject
        {
            ["id"] = made.CommitmentId.ToString(), ["title"] = made.Title,
            ["type"] = currency ? "financing" : "delivery",
            ["description"] = $"{made.Promisor} committed to {made.Title}",
            ["code"] = made.Category,
            ["dueDate"] = dueOn is { } due ? DealReleases.Date(due) : null,
            ["status"] = StatusOf(status),
            ["dateModified"] = releaseDate,
            // The Ledger extension (docs/ocds.md): what was promised, by whom, how binding, and how far it is delivered.
            ["binding"] = made.Binding,
            ["madeOn"] = DealReleases.Date(made.MadeOn),
            ["promisor"] = promisor,
        };
        if (beneficiary is not null) milestone["beneficiary"] = beneficiary;
        if (status is { Status: DeliveryStatus.Delivered, LastObservedOn: { } metOn })
            milestone["dateMet"] = DealReleases.Date(metOn);
        if (currency)
            milestone["value"] = new JsonObject { ["amount"] = target, ["currency"] = made.Target.Unit };
        else
        {
            milestone["quantity"] = target;
            milestone["unit"] = Unit(made.Target.Unit, units);
        }
        if (status is not null) milestone["progress"] = Progress(status);
        return milestone.Compact();
    }

    /// <summary>
    /// met: verified delivery reaches the target; notMet: withdrawn, or overdue with nothing verified; partiallyMet:
    /// overdue with some delivery verified; scheduled: not yet due.
    /// </summary>
    public static string StatusOf(CommitmentStatus? status) => status switch
    {
        { Status: DeliveryStatus.Delivered } => "met",
        { Status: DeliveryStatus.Withdrawn } => "notMet",
        { Status: DeliveryStatus.Overdue, Verified: > 0 } => "partiallyMet",
        { Status: DeliveryStatus.Overdue } => "notMet",
        _ => "scheduled",
    };

    static JsonObject Progress(CommitmentStatus s)
    {
        var progress = new JsonObject
        {
            ["claimed"] = s.Claimed, ["verified"] = s.Verified, ["gap"] = s.Gap, ["fulfilment"] = s.Fulfilment,
            ["deliveryStatus"] = Names.Of(s.Status), ["rating"] = Names.Of(s.Rating),
            ["verification"] = Names.Of(s.Verification), ["revisions"] = s.Revisions,
        };
        if (s.WithdrawnOn is { } withdrawn) progress["withdrawnOn"] = DealReleases.Date(withdrawn);
        if (s.LastObservedOn is { } observed) progress["lastObservedOn"] = DealReleases.Date(observed);
        return progress;
    }

    static JsonObject Unit(string code, UnitCatalogue units)
    {
        // A unit from before the catalogue knew it is named by its code alone.
        var unit = units.Find(code);
        return unit is null
            ? new JsonObject { ["id"] = code, ["name"] = code }
            : new JsonObject { ["id"] = unit.Code, ["name"] = unit.English, ["kind"] = Names.Of(unit.Kind) };
    }
}
