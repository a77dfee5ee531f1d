using Ledger.Commitments;
using Ledger.Infrastructure.Http;
using Ledger.Sourcing;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Ledger.Deals.GettingDeals;

public sealed record DealSummary(Guid Id, string Title, IReadOnlyList<Party> Parties, string Summary, DateOnly? SignedOn, long Version);

public sealed record CommitmentReference(Guid Id, string Title, string Promisor, string Category, string Unit);

public sealed record DealDetails(
    Guid Id, string Title, IReadOnlyList<Party> Parties, string Summary, DateOnly? SignedOn, IReadOnlyList<Source> Sources,
    IReadOnlyList<Amendment> Amendments, IReadOnlyList<Announcement> Announcements, IReadOnlyList<CommitmentReference> Commitments,
    long Version);

public static class GetDealsEndpoint
{
    [WolverineGet("/api/deals", OperationId = "listDeals")]
    public static async Task<IReadOnlyList<DealSummary>> Get(IQuerySession session, CancellationToken ct)
    {
        var deals = await session.Query<Deal>().OrderBy(d => d.Title).ToListAsync(ct);
        return [.. deals.Select(d => new DealSummary(d.Id, d.Title, d.Parties, d.Summary, d.SignedOn, d.Version))];
    }
}

public static class GetDealEndpoint
{
    public static Task<Deal?> LoadAsync(Guid dealId, IQuerySession session, CancellationToken ct) => session.LoadAsync<Deal>(dealId, ct);

    public static ProblemDetails Validate(Deal? deal, Guid dealId) =>
        deal is null ? Problems.NotFound("Deal", dealId) : WolverineContinue.NoProblems;

    [WolverineGet("/api/deals/{dealId}", OperationId = "getDeal")]
    public static async Task<DealDetails> Get(Guid dealId, Deal deal, IQuerySession session, CancellationToken ct)
    {
        var commitments = await session.Query<Commitment>().Where(c => c.DealId == dealId).OrderBy(c => c.MadeOn).ToListAsync(ct);
        return new DealDetails(deal.Id, deal.Title, deal.Parties, deal.Summary, deal.SignedOn, deal.Sources, deal.Amendments,
            deal.Announcements, [.. commitments.Select(c => new CommitmentReference(c.Id, c.Title, c.Promisor, c.Category, c.Unit))],
            deal.Version);
    }
}
