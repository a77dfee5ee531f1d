using System.Security.Claims;
using Ledger.Infrastructure.Http;
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
    public static ProblemDetails Validate([Document(Required = false)] Observation? observation, Guid observationId,
        ClaimsPrincipal user) =>
        observation is not null && ObserverPrivacy.MaySee(observation.Status, observation.OrganizationId, Caller.From(user))
            ? WolverineContinue.NoProblems
            : Problems.NotFound("Observation", observationId);

    [WolverineGet("/api/observations/{observationId}", OperationId = "getObservation")]
    public static Task<Observation> Get(Observation observation, ClaimsPrincipal user, ObserverPrivacy privacy,
        IQuerySession session, CancellationToken ct) =>
        privacy.ForAsync(observation, Caller.From(user), session, ct);
}
