using Ledger.Measuring;
using Ledger.Infrastructure.OpenApi;
using System.Text.Json.Nodes;
using Ledger.Deals;
using Ledger.Infrastructure.Validation;
using Ledger.Observations;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Ledger.OpenData.Ocds;

public static class GetReleasesEndpoint
{
    /// <summary>Pages count deals, not releases: a deal's releases always come whole, in one page.</summary>
    public const int DefaultPageSize = 20, MaxPageSize = 100;

    public static ProblemDetails Validate(int? page, int? pageSize) =>
        new FieldErrors().Page(page, pageSize, DefaultPageSize, MaxPageSize).ToProblem();

    /// <summary>
    /// Every deal's releases, for bulk harvesters: a release package per page of deals (in the order of their ids), with
    /// <c>links.next</c> (as the OCDS pagination extension has it) and the number of deals in all.
    /// </summary>
    [WholeNumber("pageSize", 1, MaxPageSize, Default = DefaultPageSize)]
    [Tags(Capability.OpenData), EndpointSummary("List every deal's OCDS releases, page by page")]
    [WolverineGet("/api/ocds/releases", OperationId = "listOcdsReleases")]
    public static async Task<JsonObject> Get(
        int? page, int? pageSize, HttpRequest request, IQuerySession session, ObserverPrivacy privacy,
        OcdsPublication publication, TimeProvider clock, CancellationToken ct)
    {
        var paging = PageOf.From(page, pageSize, DefaultPageSize);
        var total = await session.Query<Deal>().CountAsync(ct);
        var dealIds = await session.Query<Deal>().OrderBy(d => d.Id).Select(d => d.Id)
            .Skip((paging.Number - 1) * paging.Size).Take(paging.Size).ToListAsync(ct);
        var events = await session.ReadShownAsync(dealIds, viewer: null, privacy, ct);
        var units = await session.UnitCatalogueAsync(ct);
        var releases = dealIds
            .SelectMany(id => DealReleases.Of(publication.Ocid(id), events.GetValueOrDefault(id) ?? [], units)).ToList();
        var package = publication.ReleasePackage(request, releases, clock.GetUtcNow());
        package["links"] = new JsonObject { ["next"] = Absolute(request, paging.Next("/api/ocds/releases", total)) };
        package["deals"] = total;
        return package;
    }

    static string? Absolute(HttpRequest request, string? route) =>
        route is null ? null : $"{request.Scheme}://{request.Host}{request.PathBase}{route}";
}
