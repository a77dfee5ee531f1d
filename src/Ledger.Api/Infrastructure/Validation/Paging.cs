namespace Ledger.Infrastructure.Validation;

/// <summary>
/// The one rule for a page number and size: a size from 1 to the route's maximum, and a page whose offset
/// ((page − 1) × size) fits the database's int, which would otherwise wrap round to a negative OFFSET.
/// </summary>
public static class Paging
{
    public static FieldErrors Page(this FieldErrors errors, int? page, int? pageSize, int defaultSize, int maxSize)
    {
        if (pageSize is < 1 || pageSize > maxSize)
            errors.Add("pageSize", $"must be a whole number between 1 and {maxSize}");
        var size = pageSize is { } s && s >= 1 && s <= maxSize ? s : defaultSize;
        if (page is < 1) errors.Add("page", "must be a whole number, 1 or more");
        else if (page is { } p && (long)(p - 1) * size > int.MaxValue)
            errors.Add("page", $"must be at most {int.MaxValue / size + 1} with pages of {size}");
        return errors;
    }
}
