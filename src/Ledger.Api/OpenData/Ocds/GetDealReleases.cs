using Ledger.Measuring;
using Ledger.Infrastructure.OpenApi;
using System.Text.Json.Nodes;
using Ledger.Deals;
using Ledger.Infrastructure.Http;
using Ledger.Observations;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Http.Marten;

namespace Ledger.OpenData.Ocds;

public static class GetDealReleasesEndpoint
{
    public static ProblemDetails Validate([Document(Required = false)] Deal? deal, Guid dealId) =>
        Problems.Found(deal, "Deal", dealId);

    /// <summary>The deal's OCDS 1.1 release package: one release per public change, as the public may read it.</summary>
    [Tags(Capability.OpenData), EndpointSummary("Get a deal's OCDS release package")]
    [WolverineGet("/api/deals/{dealId}/ocds/releases", OperationId = "getDealOcdsReleases")]
    public static async Task<JsonObject> Get(
        Guid dealId, HttpRequest request, IQuerySession session, ObserverPrivacy privacy, OcdsPublication publication,
        TimeProvider clock, CancellationToken ct) =>
        publication.ReleasePackage(request, await ReleasesAsync(dealId, session, privacy, publication, ct), clock.GetUtcNow());

    /// <summary>Open data is the public's view, whoever asks: no key sees more in it.</summary>
    public static async Task<IReadOnlyList<JsonObject>> ReleasesAsync(
        Guid dealId, IQuerySession session, ObserverPrivacy privacy, OcdsPublication publication, CancellationToken ct) =>
        DealReleases.Of(publication.Ocid(dealId), await session.ReadShownAsync(dealId, viewer: null, privacy, ct),
            await session.UnitCatalogueAsync(ct));
}

public static class GetDealRecordEndpoint
{
    public static ProblemDetails Validate([Document(Required = false)] Deal? deal, Guid dealId) =>
        Problems.Found(deal, "Deal", dealId);

    /// <summary>The deal's OCDS 1.1 record package: its releases, compiled and versioned by the OCDS merge rules.</summary>
    [Tags(Capability.OpenData), EndpointSummary("Get a deal's OCDS record package")]
    [WolverineGet("/api/deals/{dealId}/ocds/record", OperationId = "getDealOcdsRecord")]
    public static async Task<JsonObject> Get(
        Guid dealId, HttpRequest request, IQuerySession session, ObserverPrivacy privacy, OcdsPublication publication,
        CancellationToken ct) =>
        publication.RecordPackage(request,
            await GetDealReleasesEndpoint.ReleasesAsync(dealId, session, privacy, publication, ct));
}

public static class GetDealReleasesCsvEndpoint
{
    public static ProblemDetails Validate([Document(Required = false)] Deal? deal, Guid dealId) =>
        Problems.Found(deal, "Deal", dealId);

    /// <summary>The deal's releases flattened into one CSV per array (<see cref="OcdsCsv"/>), as a zip.</summary>
    [Tags(Capability.OpenData), EndpointSummary("Download a deal's OCDS releases as flattened CSV tables")]
    [WolverineGet("/api/deals/{dealId}/ocds/releases.csv.zip", OperationId = "getDealOcdsReleasesCsv")]
    [ProducesResponseType<byte[]>(StatusCodes.Status200OK, "application/zip")]
    public static async Task<IResult> Get(
        Guid dealId, IQuerySession session, ObserverPrivacy privacy, OcdsPublication publication, CancellationToken ct) =>
        Results.File(OcdsCsv.Zip(await GetDealReleasesEndpoint.ReleasesAsync(dealId, session, privacy, publication, ct)),
            "application/zip", $"{publication.Ocid(dealId)}.csv.zip");
}
