using System.Linq.Expressions;
using Ledger.Commitments.GettingStatus;
using Ledger.Commitments.Tracking;
using Ledger.Infrastructure.Validation;
using Ledger.Measuring;
using Ledger.TimeTravel;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Ledger.Commitments.Gaps;

public enum GapSort { Gap, DueOn, Fulfilment }

/// <summary>The watchdog's question: which commitments fall shortest, filtered and sorted, one page at a time.</summary>
public sealed record GapsQuery(
    string? Party, Guid? DealId, string? Category, DeliveryStatus? Status, Rating? Rating, string? Unit, bool? Overdue,
    GapSort Sort, bool Descending, int Page, int PageSize, PointInTime When)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 500;

    public static ProblemDetails Check(
        string? dealId, string? status, string? rating, string? unit, string? overdue, string? sort, string? order, string? page,
        string? pageSize, string? asOf, string? knownAt, string? format)
    {
        var errors = new FieldErrors();
        if (dealId is not null && !Guid.TryParse(dealId, out _)) errors.Add("dealId", "must be a deal id (a GUID)");
        if (status is not null && !Names.TryParse<DeliveryStatus>(status, out _)) errors.Add("status", $"must be one of {Names.Known<DeliveryStatus>()}");
        if (rating is not null && !Names.TryParse<Rating>(rating, out _)) errors.Add("rating", $"must be one of {Names.Known<Rating>()}");
        if (unit is not null && !Units.IsKnown(unit)) errors.Add("unit", $"'{unit}' is not a known unit; use one of {Units.KnownCodes}");
        if (overdue is not null && !bool.TryParse(overdue, out _)) errors.Add("overdue", "must be true or false");
        if (sort is not null && !Names.TryParse<GapSort>(SortName(sort), out _)) errors.Add("sort", "must be gap, dueOn or fulfilment");
        if (order is not null && order.ToLowerInvariant() is not ("asc" or "desc")) errors.Add("order", "must be asc or desc");
        var size = DefaultPageSize;
        if (pageSize is not null && (!int.TryParse(pageSize, out size) || size is < 1 or > MaxPageSize))
            errors.Add("pageSize", $"must be a whole number between 1 and {MaxPageSize}");
        if (page is not null)
        {
            if (!int.TryParse(page, out var p) || p < 1) errors.Add("page", "must be a whole number, 1 or more");
            // The offset skipped, (page − 1) × pageSize, must fit an int, or it wraps round to another page or a negative OFFSET.
            else if (size is >= 1 and <= MaxPageSize && (long)(p - 1) * size > int.MaxValue)
                errors.Add("page", $"must be at most {int.MaxValue / size + 1} with pages of {size}");
        }
        if (format is not null && format.ToLowerInvariant() is not ("json" or "csv")) errors.Add("format", "must be json or csv");
        return PointInTime.Check(asOf, knownAt, errors);
    }

    /// <summary>Call after <see cref="Check"/> passed. Without an order: largest gaps, nearest due dates, lowest fulfilment first.</summary>
    public static GapsQuery From(
        string? party, string? dealId, string? category, string? status, string? rating, string? unit, string? overdue, string? sort,
        string? order, string? page, string? pageSize, PointInTime when)
    {
        var sortBy = sort is not null && Names.TryParse<GapSort>(SortName(sort), out var s) ? s : GapSort.Gap;
        return new GapsQuery(
            string.IsNullOrWhiteSpace(party) ? null : party,
            dealId is null ? null : Guid.Parse(dealId),
            string.IsNullOrWhiteSpace(category) ? null : category.Trim().ToLowerInvariant(),
            status is null ? null : Parse<DeliveryStatus>(status),
            rating is null ? null : Parse<Rating>(rating),
            unit is null ? null : Units.Normalise(unit),
            overdue is null ? null : bool.Parse(overdue),
            sortBy,
            order is null ? sortBy == GapSort.Gap : order.Equals("desc", StringComparison.OrdinalIgnoreCase),
            page is null ? 1 : int.Parse(page),
            pageSize is null ? DefaultPageSize : int.Parse(pageSize),
            when);
    }

    static T Parse<T>(string text) where T : struct, Enum => Names.TryParse<T>(text, out var value) ? value : default;

    static string SortName(string sort) => sort.Trim().ToLowerInvariant() == "dueon" ? "due-on" : sort;

    /// <summary>Does a status computed in memory (time-travel path) pass the filters?</summary>
    public bool Matches(CommitmentStatus s) =>
        (Party is null || string.Equals(s.Promisor, Party.Trim(), StringComparison.OrdinalIgnoreCase))
        && (DealId is null || s.DealId == DealId)
        && (Category is null || s.Category == Category)
        && (Unit is null || s.Unit == Unit)
        && (Status is null || s.Status == Status)
        && (Rating is null || s.Rating == Rating)
        && (Overdue is null || (s.Status == DeliveryStatus.Overdue) == Overdue);

    public IOrderedEnumerable<CommitmentStatus> Order(IEnumerable<CommitmentStatus> statuses)
    {
        Func<CommitmentStatus, decimal> key = Sort switch
        {
            GapSort.DueOn => s => TrackedCommitment.DueOnKeyOf(s.DueOn),
            GapSort.Fulfilment => s => s.Fulfilment,
            _ => s => s.Gap,
        };
        return (Descending ? statuses.OrderByDescending(key) : statuses.OrderBy(key)).ThenBy(s => s.Id);
    }

    /// <summary>The same filters on the indexed columns of <see cref="TrackedCommitment"/> (current-state path).</summary>
    public IQueryable<TrackedCommitment> Filter(IQueryable<TrackedCommitment> rows)
    {
        if (Party is not null) { var key = TrackedCommitment.KeyOf(Party); rows = rows.Where(x => x.PromisorKey == key); }
        if (DealId is { } dealId) rows = rows.Where(x => x.DealId == dealId);
        if (Category is { } category) rows = rows.Where(x => x.Category == category);
        if (Unit is { } unit) rows = rows.Where(x => x.Unit == unit);
        if (Status is { } status) rows = rows.Where(x => x.Status == status);
        if (Overdue is { } overdue) rows = overdue ? rows.Where(x => x.Status == DeliveryStatus.Overdue) : rows.Where(x => x.Status != DeliveryStatus.Overdue);
        if (Rating is { } rating) rows = rows.Where(RatingIs(rating, When.AsOf.AddDays(-CommitmentStatus.StalledAfterDays).DayNumber));
        return rows;
    }

    public IQueryable<TrackedCommitment> Order(IQueryable<TrackedCommitment> rows) => (Sort, Descending) switch
    {
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
        GettingStatus.Rating.Kept => x => x.Status == DeliveryStatus.Delivered && !x.ShortOfOriginal,
        GettingStatus.Rating.Compromise => x => x.Status == DeliveryStatus.Delivered && x.ShortOfOriginal,
        GettingStatus.Rating.Broken => x => x.Status == DeliveryStatus.Withdrawn || (x.Status == DeliveryStatus.Overdue && x.Verified == 0),
        GettingStatus.Rating.Stalled => x => x.Status == DeliveryStatus.Overdue && x.Verified > 0 && x.LastProgressKey <= stalledOnOrBefore,
        GettingStatus.Rating.InTheWorks => x => x.Status == DeliveryStatus.InProgress
            || (x.Status == DeliveryStatus.Overdue && x.Verified > 0 && x.LastProgressKey > stalledOnOrBefore),
        _ => x => x.Status == DeliveryStatus.NotStarted,
    };
}
