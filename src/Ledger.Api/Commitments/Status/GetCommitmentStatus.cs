using Ledger.Commitments.Facts;
using Ledger.Commitments.Gaps;
using Ledger.Infrastructure.Http;
using Ledger.Infrastructure.OpenApi;
using Ledger.TimeTravel;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Ledger.Commitments.Status;

public static class GetCommitmentStatusEndpoint
{
    public static async Task<CommitmentFacts?> LoadAsync(Guid commitmentId, IQuerySession session, CancellationToken ct) =>
        (await session.ReadCommitmentFactsAsync([commitmentId], ct)).GetValueOrDefault(commitmentId);

    public static ProblemDetails Validate(CommitmentFacts? facts, Guid commitmentId, string? asOf, string? knownAt, TimeProvider clock)
    {
        var badTime = PointInTime.Check(asOf, knownAt);
        if (badTime != WolverineContinue.NoProblems) return badTime;
        if (facts is null) return Problems.NotFound("Commitment", commitmentId);
        var when = PointInTime.From(asOf, knownAt, clock);
        if (CommitmentStatus.Of(facts, when.AsOf, when.KnownAt) is not null) return WolverineContinue.NoProblems;
        var notYet = Problems.NotFound("Commitment", commitmentId);
        notYet.Detail = when.AsOf < facts.MadeOn
            ? $"The commitment '{commitmentId}' was made on {facts.MadeOn:yyyy-MM-dd}, after {when.AsOf:yyyy-MM-dd}."
            : $"The commitment '{commitmentId}' had not been recorded yet at {when.KnownAt:O}.";
        return notYet;
    }

    /// <summary>The status today, or on <c>asOf</c>, from what had been recorded by <c>knownAt</c>.</summary>
    [Tags(Capability.Commitments), EndpointSummary("Get a commitment's status")]
    [WolverineGet("/api/commitments/{commitmentId}", OperationId = "getCommitmentStatus")]
    public static CommitmentStatus Get(CommitmentFacts facts, string? asOf, string? knownAt, TimeProvider clock)
    {
        var when = PointInTime.From(asOf, knownAt, clock);
        return CommitmentStatus.Of(facts, when.AsOf, when.KnownAt)!;
    }
}
