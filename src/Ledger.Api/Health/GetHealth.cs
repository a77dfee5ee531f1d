using Ledger.Infrastructure.OpenApi;
using Ledger.Infrastructure.Postgres;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Ledger.Health;

public sealed record HealthReport(string Status, string Database);

public static class GetHealthEndpoint
{
    /// <summary>
    /// Healthy only when the event store answers; otherwise 503 with <c>Retry-After</c>, so a load balancer stops sending
    /// requests here until it is back.
    /// </summary>
    [Tags(Capability.Operations), EndpointSummary("Check that the service and its database answer")]
    [WolverineGet("/health", OperationId = "health")]
    [ProducesResponseType<HealthReport>(StatusCodes.Status200OK), ProducesResponseType<HealthReport>(StatusCodes.Status503ServiceUnavailable)]
    public static async Task<IResult> Get(IQuerySession session, HttpContext http, DatabaseOutageLog outages, CancellationToken ct)
    {
        try
        {
            await session.QueryAsync<int>("select 1", ct);
            return Results.Ok(new HealthReport("healthy", "reachable"));
        }
        catch (Exception e) when (DatabaseOutage.Is(e))
        {
            outages.Report(e);
            http.Response.Headers.RetryAfter = DatabaseOutage.RetryAfterSeconds.ToString();
            return Results.Json(new HealthReport("unhealthy", "unreachable"), statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }
}
