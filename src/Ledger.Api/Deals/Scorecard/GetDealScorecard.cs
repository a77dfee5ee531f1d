using Ledger.Commitments;
using Ledger.Commitments.Facts;
using Ledger.Commitments.Gaps;
using Ledger.Commitments.Status;
using Ledger.Infrastructure.Http;
using Ledger.Measuring;
using Ledger.Infrastructure.OpenApi;
using Ledger.TimeTravel;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Ledger.Deals.Scorecard;

public sealed record DealScorecard(
    Guid DealId, DateOnly AsOf, DateTimeOffset? KnownAt, IReadOnlyList<UnitScore> ByUnit, IReadOnlyDictionary<string, int> Counts,
    IReadOnlyList<CommitmentStatus> Commitments)
{
    /// <summary>How many commitments stand unverified, single-source, corroborated or contested.</summary>
    public IReadOnlyDictionary<string, int> ByVerification { get; init; } = new Dictionary<string, int>();
}

public static class GetDealScorecardEndpoint
{
    public static Task<ProblemDetails> ValidateAsync(
        Guid dealId, string? asOf, string? knownAt, IQuerySession session, TimeProvider clock, CancellationToken ct) =>
        DealKnowledge.CheckAsync(session, dealId, asOf, knownAt, clock, ct);

    [Tags(Capability.Deals), EndpointSummary("Get a deal's scorecard")]
    [WolverineGet("/api/deals/{dealId}/scorecard", OperationId = "getDealScorecard")]
    public static async Task<DealScorecard> Get(
        Guid dealId, string? asOf, string? knownAt, IQuerySession session, TimeProvider clock, CancellationToken ct)
    {
        var when = PointInTime.From(asOf, knownAt, clock);
        var ids = await session.Query<Commitment>().Where(c => c.DealId == dealId).Select(c => c.Id).ToListAsync(ct);
        var facts = await session.ReadCommitmentFactsAsync(ids, ct);
        var statuses = facts.Values.Select(f => CommitmentStatus.Of(f, when.AsOf, when.KnownAt)).OfType<CommitmentStatus>()
            .OrderBy(s => s.Unit).ThenByDescending(s => s.Gap).ThenBy(s => s.Id).ToList();
        return Score(dealId, when, statuses, await session.UnitCatalogueAsync(ct));
    }

    public static DealScorecard Score(
        Guid dealId, PointInTime when, IReadOnlyList<CommitmentStatus> statuses, UnitCatalogue? units = null) =>
        new(dealId, when.AsOf, when.KnownAt, UnitScore.PerUnit(statuses, units), UnitScore.CountBy(statuses, s => s.Status), statuses)
        {
            ByVerification = UnitScore.CountBy(statuses, s => s.Verification),
        };
}
