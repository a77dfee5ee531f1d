using System.Security.Claims;
using Ledger.Infrastructure.Http;
using Ledger.Infrastructure.OpenApi;
using Ledger.Observations.Sealing;
using Ledger.Organizations.Keys;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Ledger.Observations.AttachingEvidence;

public static class GetEvidenceEndpoint
{
    /// <summary>
    /// The copy without metadata: to anyone once an accepted observation names it; before, to the uploading
    /// organization and to admins. Anyone else is answered as if there were no such file.
    /// </summary>
    [Tags(Capability.Evidence), EndpointSummary("Download an evidence file without its metadata")]
    [WolverineGet("/api/evidence/{sha256}", OperationId = "getEvidence")]
    [ProducesResponseType<FileContentResult>(StatusCodes.Status200OK, "image/jpeg", "image/png")]
    public static async Task<IResult> Get(string sha256, ClaimsPrincipal user, IQuerySession session, CancellationToken ct)
    {
        var id = sha256.ToLowerInvariant();
        var file = await session.LoadAsync<EvidenceFile>(id, ct);
        var viewer = Caller.From(user);
        if (file is null || !(viewer is { Role: Organizations.Role.Admin } || viewer?.OrganizationId == file.OrganizationId
                || await NamedByAnAcceptedObservationAsync(id, session, ct)))
            return Results.Problem(Problems.NotFound("Evidence", id));
        return Results.File(file.Stripped, file.MediaType, $"{id}{Extension(file.MediaType)}");
    }

    /// <summary>The file as uploaded, metadata and all: the uploading organization's curators and admins only.</summary>
    [Tags(Capability.Evidence), EndpointSummary("Download an evidence file as uploaded")]
    [WolverineGet("/api/evidence/{sha256}/original", OperationId = "getEvidenceOriginal")]
    [ProducesResponseType<FileContentResult>(StatusCodes.Status200OK, "image/jpeg", "image/png")]
    public static async Task<IResult> GetOriginal(
        string sha256, ClaimsPrincipal user, IQuerySession session, ObservationSealing sealing, CancellationToken ct)
    {
        var id = sha256.ToLowerInvariant();
        var file = await session.LoadAsync<EvidenceFile>(id, ct);
        if (file is null || !ObserverPrivacy.SeesPrecisely(file.OrganizationId, Caller.From(user)))
            return Results.Problem(Problems.NotFound("Evidence", id));
        return Results.File(sealing.OpenFile(file.Original, file.OriginalKey), file.MediaType, $"{id}{Extension(file.MediaType)}");
    }

    static Task<bool> NamedByAnAcceptedObservationAsync(string sha256, IQuerySession session, CancellationToken ct) =>
        session.Query<Observation>()
            .Where(o => o.Status == ModerationStatus.Accepted && o.Evidence.Any(e => e.Sha256 == sha256)).AnyAsync(ct);

    static string Extension(string mediaType) => mediaType == MetadataStripping.Png ? ".png" : ".jpg";
}
