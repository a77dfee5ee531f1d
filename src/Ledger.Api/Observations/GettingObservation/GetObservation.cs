using Ledger.Infrastructure.Http;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Ledger.Observations.GettingObservation;

public static class GetObservationEndpoint
{
    public static Task<Observation?> LoadAsync(Guid observationId, IQuerySession session, CancellationToken ct) =>
        session.LoadAsync<Observation>(observationId, ct);

    public static ProblemDetails Validate(Observation? observation, Guid observationId) =>
        observation is null ? Problems.NotFound("Observation", observationId) : WolverineContinue.NoProblems;

    [WolverineGet("/api/observations/{observationId}", OperationId = "getObservation")]
    public static Observation Get(Observation observation) => observation;
}
