using System.Security.Claims;
using Ledger.Infrastructure.OpenApi;
using Ledger.Infrastructure.Validation;
using Ledger.Transparency.Log;
using Microsoft.AspNetCore.Mvc;
using Marten;
using Wolverine.Http;

namespace Ledger.Transparency.Entries;

public sealed record EntryPage(long Start, long LogSize, IReadOnlyList<EntryView> Items);

public static class ListEntriesEndpoint
{
    public const int DefaultCount = 100, MaxCount = 1000;

    public static ProblemDetails Validate(string? start, string? count)
    {
        var errors = new FieldErrors();
        errors.Number("start", start, min: 0);
        if (errors.Number("count", count, min: 1) is > MaxCount) errors.Add("count", $"must be at most {MaxCount}");
        return errors.ToProblem();
    }

    /// <summary>
    /// Consecutive entries from <c>start</c> (default 0), <c>count</c> at a time (default 100, at most 1000): how a full
    /// audit re-reads the log.
    /// </summary>
    [WholeNumber("start", 0, LogQueries.MaxNumber, Default = 0), WholeNumber("count", 1, MaxCount, Default = DefaultCount)]
    [Tags(Capability.TransparencyLog), EndpointSummary("List entries of the log")]
    [WolverineGet("/api/ledger/entries", OperationId = "listLogEntries")]
    public static async Task<EntryPage> Get(
        string? start, string? count, LogStore log, ClaimsPrincipal user, IQuerySession session, CancellationToken ct)
    {
        var from = long.Parse(string.IsNullOrWhiteSpace(start) ? "0" : start, System.Globalization.CultureInfo.InvariantCulture);
        var take = int.Parse(string.IsNullOrWhiteSpace(count) ? DefaultCount.ToString(System.Globalization.CultureInfo.InvariantCulture) : count,
            System.Globalization.CultureInfo.InvariantCulture);
        var leaves = await log.LeavesAsync(from, take, ct);
        return new EntryPage(from, await log.SizeAsync(ct), await EntryView.ForAsync(leaves, user, session, ct));
    }
}
