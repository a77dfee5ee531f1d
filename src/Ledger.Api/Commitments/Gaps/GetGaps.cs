using Ledger.Commitments.Facts;
using Ledger.Commitments.Gaps;
using Ledger.Commitments.Status;
using Ledger.Infrastructure;
using Ledger.Measuring;
using Ledger.Infrastructure.OpenApi;
using Ledger.Observations.Corroborating;
using Ledger.TimeTravel;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Ledger.Commitments.Gaps;

public sealed record GapsPage(
    IReadOnlyList<CommitmentStatus> Items, long Total, int Page, int PageSize, string Sort, string Order, DateOnly AsOf, DateTimeOffset? KnownAt)
{
    /// <summary>What <see cref="Sort"/> ranks by, in words (<see cref="GapsQuery.Ranking"/>).</summary>
    public string Ranking { get; init; } = "";

    /// <summary>The names the party filter matched: the one asked for and the party it is an alias of.</summary>
    public IReadOnlyList<string>? PartyNames { get; init; }
}

public static class GetGapsEndpoint
{
    /// <summary>The query string, parsed once: the typed query for <see cref="Get"/>, or the 400 naming each field.</summary>
    public static async Task<(GapsQuery? Query, ProblemDetails Problem)> ValidateAsync(
        [AsParameters] GapsParameters parameters, IQuerySession session, TimeProvider clock, CancellationToken ct) =>
        parameters.Parse(clock, await session.UnitCatalogueAsync(ct));

    /// <summary>
    /// Today's gaps come straight from indexed columns, one page at a time. With asOf or knownAt, the candidates matching the
    /// fixed filters (party, deal, category, unit) are re-evaluated from their recorded facts, then filtered, sorted and paged.
    /// </summary>
    [QueryValues<DeliveryStatus>("status"), QueryValues<Rating>("rating"), QueryValues<Verification>("verification")]
    [QueryValues("sort", "unit", "gap", "dueOn", "fulfilment"), QueryValues("order", "asc", "desc"), QueryValues<GapsFormat>("format")]
    [WholeNumber("pageSize", 1, GapsQuery.MaxPageSize, Default = GapsQuery.DefaultPageSize)]
    [Tags(Capability.Gaps), EndpointSummary("List the gaps between promised, claimed and verified")]
    [WolverineGet("/api/gaps", OperationId = "listGaps")]
    [ProducesResponseType<GapsPage>(StatusCodes.Status200OK, "application/json", "text/csv")]
    public static async Task<IResult> Get(
        GapsQuery query, HttpContext http, IQuerySession session, TimeProvider clock, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        query = await query.WithPartyNamesAsync(session, ct);
        var (items, total) = await ReadAsync(query, today, session, ct);
        var result = new GapsPage(items, total, query.Page, query.PageSize, Names.Of(query.Sort), query.Descending ? "desc" : "asc",
            query.When.AsOf, query.When.KnownAt) { Ranking = query.Ranking, PartyNames = query.PartyNames?.Keys };

        var wantsCsv = query.Format == GapsFormat.Csv || (query.Format is null
            && http.Request.Headers.Accept.Any(a => a?.Contains("text/csv", StringComparison.OrdinalIgnoreCase) == true));
        if (!wantsCsv) return Results.Ok(result);
        http.Response.Headers["X-Total-Count"] = total.ToString();
        return Results.Text(GapsCsv.Write(items), "text/csv; charset=utf-8");
    }

    /// <summary>One page of the query's rows and the total that match: the REST route and the web page read through here.</summary>
    public static async Task<(IReadOnlyList<CommitmentStatus> Items, long Total)> ReadAsync(
        GapsQuery query, DateOnly today, IQuerySession session, CancellationToken ct)
    {
        query = await query.WithPartyNamesAsync(session, ct);
        return query.When.IsNow(today) ? await CurrentAsync(query, session, ct) : await TimeTravelAsync(query, session, ct);
    }

    static async Task<(IReadOnlyList<CommitmentStatus>, long)> CurrentAsync(GapsQuery query, IQuerySession session, CancellationToken ct)
    {
        // A count, then a plain ORDER BY … LIMIT: ToPagedListAsync's count(*) OVER() made PostgreSQL read and sort every
        // matching row before the LIMIT, so the sort column's index could not stop early (docs/benchmarks.md, P3).
        // Statuses and verifications are counted as the rows are written (GapCounts): count(*) read every matching
        // row, 27 ms of an unfiltered question at 160,908 commitments. A party, deal, category or unit keeps count(*)
        // over its index (narrow, or cut by it); a rating reads other columns and the day, which no count is keyed by.
        var filtered = query.Filter(session.Query<TrackedCommitment>());
        var total = query.TotalIsCounted
            ? await GapCounts.TotalAsync(session, query, ct) : await filtered.LongCountAsync(ct);
        var rows = await query.Order(filtered).Skip((query.Page - 1) * query.PageSize).Take(query.PageSize).ToListAsync(ct);
        // The row's own figures, unless an observation dated after its day counts today (a writer east of UTC): that
        // row is folded again from its observations. A commitment dated a day ahead is not made yet today: left out.
        var day = query.When.AsOf;
        var refolded = (await session.WithObservationsAsync([.. rows.Where(r => r.NeedsObservationsOn(day)).Select(r => r.Facts)], ct))
            .ToDictionary(f => f.Id);
        return ([.. rows.Select(r => refolded.TryGetValue(r.Id, out var facts) ? CommitmentStatus.Of(facts, day, null) : r.StatusOn(day))
            .OfType<CommitmentStatus>()], total);
    }

    static async Task<(IReadOnlyList<CommitmentStatus>, long)> TimeTravelAsync(GapsQuery query, IQuerySession session, CancellationToken ct)
    {
        var candidates = query.FixedFilter(session.Query<TrackedCommitment>());

        // Streamed: an unfiltered request reads every commitment of the ledger, but holds only the rows that can reach its
        // page. A party's or a deal's few hundred rows read their observations by id; a wider question streams every
        // observation beside the rows (docs/benchmarks.md, P3 reads, round 3).
        var leading = new LeadingRows(query);
        var rows = query.NarrowsToFewCommitments ? session.FactsWithObservationsAsync(candidates, ct)
            : session.FactsWithEveryObservationAsync(candidates, ct);
        await foreach (var facts in rows)
            if (CommitmentStatus.Of(facts, query.When.AsOf, query.When.KnownAt) is { } status && query.Matches(status))
                leading.Add(status);
        return (leading.Page(), leading.Total);
    }
}
