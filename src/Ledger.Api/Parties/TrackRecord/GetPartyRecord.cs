using Ledger.Commitments.Facts;
using Ledger.Commitments.Gaps;
using Ledger.Commitments.Status;
using Ledger.Deals;
using Ledger.Infrastructure.Http;
using Ledger.Infrastructure.OpenApi;
using Ledger.Infrastructure.Validation;
using Ledger.Measuring;
using Ledger.TimeTravel;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Ledger.Parties.TrackRecord;

public sealed record DealReference(Guid Id, string Title);

/// <summary>
/// A promisor's record across every deal: how its commitments stand, per status, rating and unit. The counts cover every
/// commitment; <c>statuses</c> lists one page of them (<c>total</c> in all, <c>next</c> the following page's route).
/// </summary>
public sealed record PartyRecord(
    string Party, DateOnly AsOf, DateTimeOffset? KnownAt, IReadOnlyList<DealReference> Deals, int Commitments,
    IReadOnlyDictionary<string, int> ByStatus, IReadOnlyDictionary<string, int> ByRating, IReadOnlyList<UnitScore> ByUnit,
    decimal? MedianDaysOverdue, IReadOnlyList<CommitmentStatus> Statuses, int Page, int PageSize, long Total,
    string? Next)
{
    /// <inheritdoc cref="Deals.Scorecard.DealScorecard.ByVerification"/>
    public IReadOnlyDictionary<string, int> ByVerification { get; init; } = new Dictionary<string, int>();

    /// <summary>The other names deals give the party; any of them finds this record.</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];

    public static PartyRecord Of(
        string party, PointInTime when, IReadOnlyList<CommitmentStatus> statuses, IReadOnlyList<DealReference> deals,
        UnitCatalogue? units = null)
    {
        var overdue = statuses.Where(s => s.Status == DeliveryStatus.Overdue).Select(s => s.DaysOverdue).Order().ToList();
        decimal? median = overdue.Count == 0 ? null
            : overdue.Count % 2 == 1 ? overdue[overdue.Count / 2]
            : (overdue[overdue.Count / 2 - 1] + overdue[overdue.Count / 2]) / 2m;
        return new PartyRecord(party, when.AsOf, when.KnownAt, deals, statuses.Count, UnitScore.CountBy(statuses, s => s.Status),
            UnitScore.CountBy(statuses, s => s.Rating), UnitScore.PerUnit(statuses, units), median, statuses, 1, statuses.Count,
            statuses.Count, null)
        {
            ByVerification = UnitScore.CountBy(statuses, s => s.Verification),
        };
    }
}

public static class GetPartyRecordEndpoint
{
    /// <summary>Every seeded party's whole record fits on the default page; a page never grows past the maximum.</summary>
    public const int DefaultPageSize = 500, MaxPageSize = 1000;

    public static ProblemDetails Validate(string? asOf, string? knownAt, int? page, int? pageSize) =>
        PointInTime.Check(asOf, knownAt, new FieldErrors().Page(page, pageSize, DefaultPageSize, MaxPageSize));

    /// <summary>
    /// The whole record of the party a name or alias names (every status, unpaged), by unit then largest gap; null when
    /// no commitment by it is recorded. The route and the party's page read through here.
    /// </summary>
    public static async Task<PartyRecord?> FindAsync(string name, PointInTime when, IQuerySession session, CancellationToken ct)
    {
        var names = await PartyNames.ResolveAsync(session, name, ct);
        var keys = names.Keys.ToArray();
        var facts = await session.FactsOfPartiesAsync(keys, ct);
        var statuses = facts.Select(f => CommitmentStatus.Of(f, when.AsOf, when.KnownAt)).OfType<CommitmentStatus>()
            .OrderBy(s => s.Unit, StringComparer.Ordinal).ThenByDescending(s => s.Gap).ThenBy(s => s.Id).ToList();
        if (statuses.Count == 0) return null;
        var dealIds = statuses.Select(s => s.DealId).Distinct().ToArray();
        var deals = await session.Query<Deal>().Where(d => d.Id.IsOneOf(dealIds)).ToListAsync(ct);
        return PartyRecord.Of(statuses[0].Promisor, when, statuses,
            [.. deals.OrderBy(d => d.Title).Select(d => new DealReference(d.Id, d.Title))], await session.UnitCatalogueAsync(ct))
            with { Aliases = names.Aliases };
    }

    [WholeNumber("pageSize", 1, MaxPageSize, Default = DefaultPageSize)]
    [Tags(Capability.Gaps), EndpointSummary("Get a party's track record across deals")]
    [WolverineGet("/api/parties/{name}/record", OperationId = "getPartyRecord")]
    [ProducesResponseType<PartyRecord>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(
        string name, string? asOf, string? knownAt, int? page, int? pageSize, IQuerySession session, TimeProvider clock,
        CancellationToken ct)
    {
        var when = PointInTime.From(asOf, knownAt, clock);
        if (await FindAsync(name, when, session, ct) is not { } record)
        {
            var notFound = Problems.NotFound("Party", name);
            notFound.Detail = $"No commitment by '{name}' is recorded{(when.KnownAt is { } k ? $" as known at {k:O}" : "")}.";
            return Results.Problem(notFound);
        }
        var statuses = record.Statuses;
        var paging = PageOf.From(page, pageSize, DefaultPageSize);
        return Results.Ok(record with
        {
            Statuses = paging.Of(statuses), Page = paging.Number, PageSize = paging.Size, Total = statuses.Count,
            Next = paging.Next($"/api/parties/{Uri.EscapeDataString(name)}/record", statuses.Count,
                ("asOf", asOf), ("knownAt", knownAt)),
        });
    }
}
