using System.Security.Claims;
using Ledger.Deals;
using Ledger.Infrastructure.Http;
using Ledger.Infrastructure.OpenApi;
using Ledger.Organizations.Keys;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Http.Marten;

namespace Ledger.Observations.Details;

public static class GetObservationEndpoint
{
    /// <summary>
    /// A pending or rejected observation does not exist for those who may not see it: the same 404 as for no such id,
    /// so that the answer does not tell them it exists.
    /// </summary>
    public static async Task<ProblemDetails> ValidateAsync([Document(Required = false)] Observation? observation,
        Guid observationId, ClaimsPrincipal user, IQuerySession session, CancellationToken ct)
    {
        if (observation is null) return Problems.NotFound("Observation", observationId);
        var viewer = Caller.From(user);
        var mayModerate = ObserverPrivacy.MayModerate(viewer, await session.CuratorsOfAsync(observation.DealId, ct));
        return ObserverPrivacy.MaySee(observation.Status, observation.OrganizationId, mayModerate, viewer)
            ? WolverineContinue.NoProblems
            : Problems.NotFound("Observation", observationId);
    }

    [Tags(Capability.Observations), EndpointSummary("Get an observation")]
    [WolverineGet("/api/observations/{observationId}", OperationId = "getObservation")]
    public static Task<Observation> Get(Observation observation, ClaimsPrincipal user, ObserverPrivacy privacy,
        IQuerySession session, CancellationToken ct) =>
        privacy.ForAsync(observation, Caller.From(user), session, ct);
}
