using Ledger.Infrastructure.OpenApi;
using Wolverine.Http;

namespace Ledger.Measuring;

public static class GetUnitsEndpoint
{
    /// <summary>The closed list of units a target may be measured in, with English and French names.</summary>
    [Tags(Capability.Reference), EndpointSummary("List the units of measure")]
    [WolverineGet("/api/units", OperationId = "listUnits")]
    public static IReadOnlyList<UnitDefinition> Get() => Units.All;
}
