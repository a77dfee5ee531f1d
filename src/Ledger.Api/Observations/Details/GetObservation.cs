using Ledger.Infrastructure.Http;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Http.Marten;

namespace Ledger.Observations.Details;

public static class GetObservationEndpoint
{
    [WolverineGet("/api/observations/{observationId}", OperationId = "getObservation")]
    public static Observation Get(
        [Document(Required = true, MissingMessage = "No observation has the id '{0}'.")] Observation observation) => observation;
}
