using Marten;
using Ledger.Infrastructure.OpenApi;
using Wolverine.Http;

namespace Ledger.Measuring;

public static class GetUnitsEndpoint
{
    /// <summary>The units a target may be measured in (built-in, then registered), with English and French names.</summary>
    [Tags(Capability.Reference), EndpointSummary("List the units of measure")]
    [WolverineGet("/api/units", OperationId = "listUnits")]
    public static async Task<IReadOnlyList<UnitDefinition>> Get(IQuerySession session, CancellationToken ct) =>
        (await session.UnitCatalogueAsync(ct)).All;
}
