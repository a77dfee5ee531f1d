using System.Text.Json.Nodes;
using Ledger.Infrastructure;
using Ledger.Observations;

namespace Ledger.OpenData.Ocds;

/// <summary>
/// An accepted observation in the Ledger extension's <c>implementation.observations</c>. Only what erasure never takes
/// back: harvested copies of open data cannot be erased, so no narrative, position, pseudonym or evidence address.
/// </summary>
public static class OcdsObservations
{
    public static JsonObject Of(ObservationSubmitted s) => new JsonObject
    {
        ["id"] = s.ObservationId.ToString(), ["milestoneID"] = s.CommitmentId.ToString(),
        ["observedOn"] = DealReleases.Date(s.ObservedOn), ["organizationName"] = s.OrganizationName,
        ["assessment"] = Names.Of(s.Finding.Assessment), ["amount"] = s.Finding.Amount, ["place"] = s.Location?.Place,
        ["evidence"] = s.Evidence.Count == 0 ? null : new JsonArray([.. s.Evidence.Select(e => new JsonObject
        {
            ["sha256"] = e.Sha256, ["mediaType"] = e.MediaType, ["title"] = e.Title,
        }.Compact())]),
    }.Compact();
}
