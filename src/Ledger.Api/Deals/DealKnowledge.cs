using Ledger.Infrastructure.Http;
using Ledger.TimeTravel;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Ledger.Deals;

public static class DealKnowledge
{
    /// <summary>For a deal read on the two time axes: 400 for bad axes, 404 for a deal unknown (or not yet registered at knownAt).</summary>
    public static async Task<ProblemDetails> CheckAsync(
        IQuerySession session, Guid dealId, string? asOf, string? knownAt, TimeProvider clock, CancellationToken ct)
    {
        var badTime = PointInTime.Check(asOf, knownAt);
        if (badTime != WolverineContinue.NoProblems) return badTime;
        if (await session.LoadAsync<Deal>(dealId, ct) is null) return Problems.NotFound("Deal", dealId);
        return await CheckKnownAsync(session, dealId, PointInTime.From(asOf, knownAt, clock), ct);
    }

    /// <summary>404 when the deal had not been registered yet at <c>knownAt</c>.</summary>
    public static async Task<ProblemDetails> CheckKnownAsync(IQuerySession session, Guid dealId, PointInTime when, CancellationToken ct)
    {
        if (when.KnownAt is not { } knownAt) return WolverineContinue.NoProblems;
        var state = await session.Events.FetchStreamStateAsync(dealId, ct);
        if (state is null || state.Created <= knownAt) return WolverineContinue.NoProblems;
        var notYet = Problems.NotFound("Deal", dealId);
        notYet.Detail = $"The deal '{dealId}' had not been registered yet at {knownAt:O}.";
        return notYet;
    }
}
