using System.Linq.Expressions;
using System.Reflection;
using Ledger.Commitments.Facts;
using Ledger.Commitments.Gaps;
using Ledger.Commitments.Status;
using Ledger.Infrastructure;
using Ledger.Infrastructure.Validation;
using Ledger.Measuring;
using Ledger.Observations.Corroborating;
using Ledger.TimeTravel;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Ledger.Commitments.Gaps;

/// <summary>
/// Unit (the default) ranks gaps within each unit, never kilometres against dollars; fulfilment is a share, comparable
/// across units; gap and dueOn rank every row by one figure.
/// </summary>
public enum GapSort { Unit, Gap, DueOn, Fulfilment }

public enum GapsFormat { Json, Csv }

/// <summary>
/// The query string of <c>/api/gaps</c> and of the <c>/gaps</c> page, as it arrives. Text, not typed members: with
/// RejectUnparseableQueryValues, Wolverine would answer a typed member's bad value itself, with its own message; as
/// text, every malformed value gets the ledger's message, all of them in one 400 (<see cref="Parse"/>).
/// </summary>
public sealed record GapsParameters(
    [FromQuery(Name = "party")] string? Party,
    [FromQuery(Name = "dealId")] string? DealId,
    [FromQuery(Name = "category")] string? Category,
    [FromQuery(Name = "status")] string? Status,
    [FromQuery(Name = "rating")] string? Rating,
    [FromQuery(Name = "unit")] string? Unit,
    [FromQuery(Name = "overdue")] string? Overdue,
    [FromQuery(Name = "sort")] string? Sort,
    [FromQuery(Name = "order")] string? Order,
    [FromQuery(Name = "page")] string? Page,
    [FromQuery(Name = "pageSize")] string? PageSize,
    [FromQuery(Name = "asOf")] string? AsOf,
    [FromQuery(Name = "knownAt")] string? KnownAt,
    [FromQuery(Name = "format")] string? Format,
    [FromQuery(Name = "verification")] string? Verification = null)
{
    static readonly ConstructorInfo Constructor = typeof(GapsParameters).GetConstructors().Single();

    /// <summary>Each query-string name with its property, in the order above, where the names are declared.</summary>
    static readonly (string Name, PropertyInfo Property)[] Fields =
    [
        .. Constructor.GetParameters().Select(p =>
            (p.GetCustomAttribute<FromQueryAttribute>()!.Name!, typeof(GapsParameters).GetProperty(p.Name!)!)),
    ];

    /// <summary>From a web form's query string, where an empty field means "not set", as if it were absent.</summary>
    public static GapsParameters FromForm(IQueryCollection query) =>
        (GapsParameters)Constructor.Invoke([.. Fields.Select(f => query[f.Name].ToString() is { Length: > 0 } v ? v : null)]);

    /// <summary>The value given for a query-string name, e.g. <c>this["dealId"]</c>.</summary>
    public string? this[string name] => (string?)Fields.Single(f => f.Name == name).Property.GetValue(this);

    /// <summary>The parameters that are set, by query-string name: a link that asks the same question.</summary>
    public IEnumerable<KeyValuePair<string, string?>> Given() =>
        Fields.Select(f => KeyValuePair.Create(f.Name, this[f.Name])).Where(p => p.Value is not null);

    /// <summary>
    /// The typed query, or the problem naming every malformed field (and then no query). Without an order: largest
    /// gaps, nearest due dates, lowest fulfilment first.
    /// </summary>
    public (GapsQuery? Query, ProblemDetails Problem) Parse(TimeProvider clock, UnitCatalogue? units = null)
    {
        units ??= UnitCatalogue.BuiltIn;
        var errors = new FieldErrors();
        Guid? dealId = null;
        if (DealId is not null)
        {
            if (Guid.TryParse(DealId, out var id)) dealId = id;
            else errors.Add("dealId", "must be a deal id (a GUID)");
        }
        var status = Enum<DeliveryStatus>(Status, "status", errors);
        var rating = Enum<Rating>(Rating, "rating", errors);
        var verification = Enum<Verification>(Verification, "verification", errors);
        if (Unit is not null) errors.Unit("unit", Unit, units);
        bool? overdue = null;
        if (Overdue is not null)
        {
            if (bool.TryParse(Overdue, out var o)) overdue = o;
            else errors.Add("overdue", "must be true or false");
        }
        var sort = GapSort.Unit;
        if (Sort is not null && !Names.TryParse(SortName(Sort), out sort))
            errors.Add("sort", "must be unit, gap, dueOn or fulfilment");
        if (Order is not null && Order.ToLowerInvariant() is not ("asc" or "desc"))
            errors.Add("order", "must be asc or desc");
        int? page = Page is null ? null : int.TryParse(Page, out var p) ? p : 0;
        int? pageSize = PageSize is null ? null : int.TryParse(PageSize, out var s) ? s : 0;
        errors.Page(page, pageSize, GapsQuery.DefaultPageSize, GapsQuery.MaxPageSize);
        GapsFormat? format = Format?.ToLowerInvariant() switch
        {
            "json" => GapsFormat.Json,
            "csv" => GapsFormat.Csv,
            _ => null,
        };
        if (Format is not null && format is null) errors.Add("format", "must be json or csv");
        var problem = PointInTime.Check(AsOf, KnownAt, errors);
        if (problem != WolverineContinue.NoProblems) return (null, problem);

        var query = new GapsQuery(
            string.IsNullOrWhiteSpace(Party) ? null : Party,
            dealId,
            string.IsNullOrWhiteSpace(Category) ? null : Category.Trim().ToLowerInvariant(),
            status,
            rating,
            Unit is null ? null : units.Normalise(Unit),
            overdue,
            sort,
            Order is null ? sort is GapSort.Gap or GapSort.Unit : Order.Equals("desc", StringComparison.OrdinalIgnoreCase),
            page ?? 1,
            pageSize ?? GapsQuery.DefaultPageSize,
            PointInTime.From(AsOf, KnownAt, clock)) { Format = format, Verification = verification };
        return (query, problem);
    }

    static T? Enum<T>(string? text, string field, FieldErrors errors) where T : struct, Enum
    {
        if (text is null) return null;
        if (Names.TryParse<T>(text, out var value)) return value;
        errors.Add(field, $"must be one of {Names.Known<T>()}");
        return null;
    }

    static string SortName(string sort) => sort.Trim().ToLowerInvariant() == "dueon" ? "due-on" : sort;
}

/// <summary>The watchdog's question: which commitments fall shortest, filtered and sorted, one page at a time.</summary>
public sealed record GapsQuery(
    string? Party, Guid? DealId, string? Category, DeliveryStatus? Status, Rating? Rating, string? Unit, bool? Overdue,
    GapSort Sort, bool Descending, int Page, int PageSize, PointInTime When)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 500;

    /// <summary>The representation asked for in the query string; null: as the Accept header asks.</summary>
    public GapsFormat? Format { get; init; }

    /// <summary>Only commitments whose accepted observations stand so (<see cref="Corroboration"/>); null: any.</summary>
    public Verification? Verification { get; init; }

    /// <summary>The party filter's names: the one asked for and the party it is an alias of (set before reading).</summary>
    public Parties.PartyNames? PartyNames { get; init; }

    IReadOnlyList<string> PartyKeys => PartyNames?.Keys ?? (Party is null ? [] : [TrackedCommitment.KeyOf(Party)]);

    /// <summary>This query with its party filter's names resolved (aliases included), once.</summary>
    public async Task<GapsQuery> WithPartyNamesAsync(IQuerySession session, CancellationToken ct) =>
        Party is null || PartyNames is not null ? this
            : this with { PartyNames = await Parties.PartyNames.ResolveAsync(session, Party, ct) };

    /// <summary>What the sort ranks by, in words: the answer says which ranking it is.</summary>
    public string Ranking => Sort switch
    {
        GapSort.Unit => "by unit, then by gap within each unit: gaps in different units are never ranked against each other",
        GapSort.Fulfilment => "by fulfilment (verified / target), a share comparable across units",
        GapSort.DueOn => "by due date, commitments without one last",
        _ => "by gap as a bare number across units; filter by unit for a ranking that compares like with like",
    };

    /// <summary>Does a status computed in memory (time-travel path) pass the filters?</summary>
    public bool Matches(CommitmentStatus s) =>
        (Party is null || PartyKeys.Contains(TrackedCommitment.KeyOf(s.Promisor)))
        && (DealId is null || s.DealId == DealId)
        && (Category is null || s.Category == Category)
        && (Unit is null || s.Unit == Unit)
        && (Rating is null || s.Rating == Rating)
        && Matches(s.Status, s.Verification);

    /// <summary>Do a status and a verification pass the status, overdue and verification filters?</summary>
    public bool Matches(DeliveryStatus status, Verification verification) =>
        (Status is null || status == Status)
        && (Overdue is null || (status == DeliveryStatus.Overdue) == Overdue)
        && (Verification is null || verification == Verification);

    /// <summary>
    /// Whether the kept counts (<see cref="GapCounts"/>, by status and verification) give this query's total: no
    /// filter but status, overdue and verification.
    /// </summary>
    public bool TotalIsCounted => Party is null && DealId is null && Category is null && Unit is null && Rating is null;

    public IOrderedEnumerable<CommitmentStatus> Order(IEnumerable<CommitmentStatus> statuses)
    {
        Func<CommitmentStatus, decimal> key = Sort switch
        {
            GapSort.DueOn => s => TrackedCommitment.DueOnKeyOf(s.DueOn),
            GapSort.Fulfilment => s => s.Fulfilment,
            _ => s => s.Gap,
        };
        // Units in ordinal order (the database orders them by its collation: within a unit the two paths agree).
        var byUnit = Sort == GapSort.Unit ? statuses.OrderBy(s => s.Unit, StringComparer.Ordinal) : statuses.OrderBy(_ => 0);
        return (Descending ? byUnit.ThenByDescending(key) : byUnit.ThenBy(key)).ThenBy(s => s.Id);
    }

    /// <summary>The same filters on the indexed columns of <see cref="TrackedCommitment"/> (current-state path).</summary>
    public IQueryable<TrackedCommitment> Filter(IQueryable<TrackedCommitment> rows)
    {
        rows = FixedFilter(rows);
        if (Status is { } status) rows = rows.Where(x => x.Status == status);
        if (Overdue is { } overdue) rows = overdue ? rows.Where(x => x.Status == DeliveryStatus.Overdue) : rows.Where(x => x.Status != DeliveryStatus.Overdue);
        if (Verification is { } verification) rows = rows.Where(x => x.Verification == verification);
        if (Rating is { } rating) rows = rows.Where(RatingIs(rating, When.AsOf.AddDays(-CommitmentStatus.StalledAfterDays).DayNumber));
        return rows;
    }

    /// <summary>A party or a deal narrows the candidates to a few hundred commitments of the ledger at most.</summary>
    public bool NarrowsToFewCommitments => Party is not null || DealId is not null;

    /// <summary>The filters that do not depend on the day (party, deal, category, unit).</summary>
    public IQueryable<TrackedCommitment> FixedFilter(IQueryable<TrackedCommitment> rows)
    {
        if (Party is not null) { var keys = PartyKeys.ToArray(); rows = rows.Where(x => x.PromisorKey.IsOneOf(keys)); }
        if (DealId is { } dealId) rows = rows.Where(x => x.DealId == dealId);
        if (Category is { } category) rows = rows.Where(x => x.Category == category);
        if (Unit is { } unit) rows = rows.Where(x => x.Unit == unit);
        return rows;
    }

    public IQueryable<TrackedCommitment> Order(IQueryable<TrackedCommitment> rows) => (Sort, Descending) switch
    {
        (GapSort.Unit, false) => rows.OrderBy(x => x.Unit).ThenBy(x => x.Gap).ThenBy(x => x.Id),
        // The same order either way. Over the whole ledger the negated gap's index serves it; a party's or a deal's few
        // rows are found by their own index and sorted, since walking the ordered index for them reads far more (a
        // party's overdue commitments: 24 ms at 1M events, against a few ms sorted).
        (GapSort.Unit, true) when NarrowsToFewCommitments =>
            rows.OrderBy(x => x.Unit).ThenByDescending(x => x.Gap).ThenBy(x => x.Id),
        (GapSort.Unit, true) => rows.OrderBy(x => x.Unit).ThenBy(x => x.GapDescendingKey).ThenBy(x => x.Id),
        (GapSort.DueOn, false) => rows.OrderBy(x => x.DueOnKey).ThenBy(x => x.Id),
        (GapSort.DueOn, true) => rows.OrderByDescending(x => x.DueOnKey).ThenBy(x => x.Id),
        (GapSort.Fulfilment, false) => rows.OrderBy(x => x.Fulfilment).ThenBy(x => x.Id),
        (GapSort.Fulfilment, true) => rows.OrderByDescending(x => x.Fulfilment).ThenBy(x => x.Id),
        (_, false) => rows.OrderBy(x => x.Gap).ThenBy(x => x.Id),
        _ => rows.OrderByDescending(x => x.Gap).ThenBy(x => x.Id),
    };

    /// <summary><see cref="CommitmentStatus.RatingOf"/> written over the stored columns.</summary>
    static Expression<Func<TrackedCommitment, bool>> RatingIs(Rating rating, int stalledOnOrBefore) => rating switch
    {
        Ledger.Commitments.Status.Rating.Kept => x => x.Status == DeliveryStatus.Delivered && !x.ShortOfOriginal,
        Ledger.Commitments.Status.Rating.Compromise => x => x.Status == DeliveryStatus.Delivered && x.ShortOfOriginal,
        Ledger.Commitments.Status.Rating.Broken => x => x.Status == DeliveryStatus.Withdrawn || (x.Status == DeliveryStatus.Overdue && x.Verified == 0),
        Ledger.Commitments.Status.Rating.Stalled => x => x.Status == DeliveryStatus.Overdue && x.Verified > 0 && x.LastProgressKey <= stalledOnOrBefore,
        Ledger.Commitments.Status.Rating.InTheWorks => x => x.Status == DeliveryStatus.InProgress
            || (x.Status == DeliveryStatus.Overdue && x.Verified > 0 && x.LastProgressKey > stalledOnOrBefore),
        _ => x => x.Status == DeliveryStatus.NotStarted,
    };
}
