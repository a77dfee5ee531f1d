using Marten;
using Wolverine.Http;

namespace Ledger.Health;

public sealed record HealthReport(string Status, string Database);

public static class GetHealthEndpoint
{
    /// <summary>Healthy only when the event store answers; otherwise 503 so a load balancer stops sending writes here.</summary>
    [WolverineGet("/health", OperationId = "health")]
    public static async Task<IResult> Get(IQuerySession session, CancellationToken ct)
    {
        try
        {
            await session.QueryAsync<int>("select 1", ct);
            return Results.Ok(new HealthReport("healthy", "reachable"));
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException)
        {
            return Results.Json(new HealthReport("unhealthy", "unreachable"), statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }
}
