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

/// <summary>
/// One page of an answer assembled whole in memory (a deal's timeline, a party's commitments), so that its size stays
/// bounded however long the list grows. Build it after <see cref="Paging.Page"/> passed.
/// </summary>
public readonly record struct PageOf(int Number, int Size)
{
    public static PageOf From(int? page, int? pageSize, int defaultSize) => new(page ?? 1, pageSize ?? defaultSize);

    public IReadOnlyList<T> Of<T>(IReadOnlyList<T> all) => [.. all.Skip((Number - 1) * Size).Take(Size)];

    /// <summary>The route of the page after this one, with the same query (time axes and size), or null on the last page.</summary>
    public string? Next(string path, long total, params (string Name, string? Value)[] query) =>
        (long)Number * Size >= total ? null
            : path + "?" + string.Join("&", query.Where(q => q.Value is not null)
                .Select(q => $"{q.Name}={Uri.EscapeDataString(q.Value!)}")
                .Append($"page={Number + 1}").Append($"pageSize={Size}"));
}
