using System.Text.Json.Serialization;
using Ledger.Commitments;
using Ledger.Infrastructure.Http;
using Ledger.Infrastructure.OpenApi;
using Ledger.Sourcing;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Http.Marten;

namespace Ledger.Deals.Details;

public sealed record DealSummary(Guid Id, string Title, IReadOnlyList<Party> Parties, string Summary, DateOnly? SignedOn, long Version)
{
    /// <summary>How precisely the sources date <see cref="SignedOn"/>; absent for a day.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public DatePrecision? DatePrecision { get; init; }
}

public sealed record CommitmentReference(Guid Id, string Title, string Promisor, string Category, string Unit);

public sealed record DealDetails(
    Guid Id, string Title, IReadOnlyList<Party> Parties, string Summary, DateOnly? SignedOn, IReadOnlyList<Source> Sources,
    IReadOnlyList<Amendment> Amendments, IReadOnlyList<Announcement> Announcements, IReadOnlyList<CommitmentReference> Commitments,
    long Version)
{
    /// <summary>How precisely the sources date <see cref="SignedOn"/>; absent for a day.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DatePrecision? DatePrecision => SignedOn is null ? null : Dating.PrecisionOf(Sources);
}

public static class GetDealsEndpoint
{
    [Tags(Capability.Deals), EndpointSummary("List the deals")]
    [WolverineGet("/api/deals", OperationId = "listDeals")]
    public static async Task<IReadOnlyList<DealSummary>> Get(IQuerySession session, CancellationToken ct)
    {
        var deals = await session.Query<Deal>().OrderBy(d => d.Title).ToListAsync(ct);
        return [.. deals.Select(d => new DealSummary(d.Id, d.Title, d.Parties, d.Summary, d.SignedOn, d.Version)
        {
            DatePrecision = d.SignedOn is null ? null : Dating.PrecisionOf(d.Sources),
        })];
    }
}

public static class GetDealEndpoint
{
    public static ProblemDetails Validate([Document(Required = false)] Deal? deal, Guid dealId) =>
        Problems.Found(deal, "Deal", dealId);

    [Tags(Capability.Deals), EndpointSummary("Get a deal")]
    [WolverineGet("/api/deals/{dealId}", OperationId = "getDeal")]
    public static Task<DealDetails> Get(Deal deal, IQuerySession session, CancellationToken ct) =>
        DetailsAsync(deal, session, ct);

    /// <summary>The deal as its route answers it, or null when there is none with this id.</summary>
    public static async Task<DealDetails?> FindAsync(Guid dealId, IQuerySession session, CancellationToken ct) =>
        await session.LoadAsync<Deal>(dealId, ct) is { } deal ? await DetailsAsync(deal, session, ct) : null;

    static async Task<DealDetails> DetailsAsync(Deal deal, IQuerySession session, CancellationToken ct)
    {
        var commitments = await session.Query<Commitment>().Where(c => c.DealId == deal.Id)
            .OrderBy(c => c.MadeOn).ThenBy(c => c.Id).ToListAsync(ct); // ties in a stable order, rebuilt or not
        return new DealDetails(deal.Id, deal.Title, deal.Parties, deal.Summary, deal.SignedOn, deal.Sources, deal.Amendments,
            deal.Announcements, [.. commitments.Select(c => new CommitmentReference(c.Id, c.Title, c.Promisor, c.Category, c.Unit))],
            deal.Version);
    }
}
