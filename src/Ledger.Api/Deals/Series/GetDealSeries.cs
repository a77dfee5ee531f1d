using Ledger.Infrastructure.OpenApi;
using Ledger.Commitments;
using Ledger.Commitments.Facts;
using Ledger.Commitments.Series;
using Ledger.Commitments.Status;
using Ledger.Infrastructure.Validation;
using Ledger.Measuring;
using Ledger.TimeTravel;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Ledger.Deals.Series;

/// <summary>
/// A deal's commitments in one unit, summed over time: each point one commitment's statement, with the deal's totals then.
/// </summary>
public sealed record DealSeries(
    Guid DealId, string Unit, IReadOnlyList<Guid> Commitments, decimal OriginalTarget, DateOnly AsOf, DateTimeOffset? KnownAt,
    IReadOnlyList<SeriesPoint> Points)
{
    /// <summary>
    /// Each commitment's points, their figures replaced by the sums over the commitments on that day (a due point keeps
    /// its own commitment's target); null when no commitment in <paramref name="unit"/> was made and known by then.
    /// </summary>
    public static DealSeries? Of(Guid dealId, string unit, IReadOnlyList<CommitmentRecord> records, PointInTime when)
    {
        var inUnit = records.Where(r => r.Facts.Unit == unit)
            .Select(r => (r.Facts, Series: CommitmentSeries.Of(r.Facts, r.Events, when)))
            .Where(r => r.Series is not null).ToList();
        if (inUnit.Count == 0) return null;
        // Capped at decimal's largest value, as the scorecard's sums are: targets stored before the cap existed may overflow.
        decimal Sum(DateOnly on, Func<CommitmentStatus, decimal> figure) => UnitScore.SaturatingSum(
            inUnit.Select(r => CommitmentStatus.Of(r.Facts, on, when.KnownAt) is { } s ? figure(s) : 0m)).Total;
        var points = inUnit.SelectMany(r => r.Series!.Points)
            .Select(p => p.Kind == SeriesPointKind.Due ? p
                : p with { Target = Sum(p.On, s => s.Target), Claimed = Sum(p.On, s => s.Claimed), Verified = Sum(p.On, s => s.Verified) })
            .OrderBy(p => p.On).ThenBy(p => p.Sequence).ThenBy(p => p.Kind)
            .ToList();
        var originalTarget = UnitScore.SaturatingSum(inUnit.Select(r => r.Facts.OriginalTarget.Amount)).Total;
        return new DealSeries(dealId, unit, [.. inUnit.Select(r => r.Facts.Id).Order()], originalTarget, when.AsOf, when.KnownAt,
            points);
    }
}

public static class GetDealSeriesEndpoint
{
    public static async Task<IReadOnlyList<CommitmentRecord>> LoadAsync(Guid dealId, IQuerySession session, CancellationToken ct)
    {
        var ids = await session.Query<Commitment>().Where(c => c.DealId == dealId).Select(c => c.Id).ToListAsync(ct);
        return await CommitmentRecord.ReadAsync(session, ids, ct);
    }

    /// <summary>
    /// 400 for bad axes or a unit the deal counts nothing in (or none given when it counts in several); 404 for an unknown deal.
    /// </summary>
    public static async Task<ProblemDetails> ValidateAsync(
        Guid dealId, string? unit, string? asOf, string? knownAt, IReadOnlyList<CommitmentRecord> records, IQuerySession session,
        TimeProvider clock, CancellationToken ct)
    {
        var known = await DealKnowledge.CheckAsync(session, dealId, asOf, knownAt, clock, ct);
        if (known != WolverineContinue.NoProblems) return known;
        var when = PointInTime.From(asOf, knownAt, clock);
        var units = UnitsOf(records, when);
        var errors = new FieldErrors();
        if (units.Count == 0)
        {
            // Named for what made it empty: the day or moment asked, when the deal has commitments today.
            var axis = UnitsOf(records, PointInTime.From(null, null, clock)).Count == 0 ? "unit" : knownAt is not null ? "knownAt" : "asOf";
            errors.Add(axis, axis == "unit" ? "the deal has no commitment yet" : "the deal had no commitment yet then");
        }
        else if (unit is null && units.Count > 1) errors.Add("unit", $"is required: one of {string.Join(", ", units)}");
        else if (unit is not null && !units.Contains(unit)) errors.Add("unit", $"must be one of {string.Join(", ", units)}");
        else ThatItAddsUp(errors, unit ?? units.Single(), records, await session.UnitCatalogueAsync(ct));
        return errors.ToProblem();
    }

    /// <summary>A sum over time is only drawn where the scorecard sums too: never a share, nor versions of one list.</summary>
    static void ThatItAddsUp(FieldErrors errors, string unit, IReadOnlyList<CommitmentRecord> records, UnitCatalogue units)
    {
        var groups = records.Where(r => r.Facts.Unit == unit && r.Facts.Alternative is not null)
            .Select(r => r.Facts.Alternative!.Group).Distinct().Order(StringComparer.Ordinal).ToList();
        if (!units.IsAdditive(unit))
            errors.Add("unit", $"'{unit}' does not add up across commitments: read each commitment's series");
        else if (groups.Count > 0)
            errors.Add("unit", $"'{unit}' counts alternative versions of one list ({string.Join(", ", groups)}): " +
                               "a sum would count the list more than once; read each commitment's series");
    }

    /// <summary>The units the deal's commitments count in, as of the day and as known at the moment.</summary>
    public static IReadOnlyList<string> UnitsOf(IReadOnlyList<CommitmentRecord> records, PointInTime when) =>
        [.. records.Where(r => CommitmentStatus.Of(r.Facts, when.AsOf, when.KnownAt) is not null)
            .Select(r => r.Facts.Unit).Distinct().Order()];

    /// <summary>
    /// The deal's promised targets in one unit over time against claimed and verified delivery, summed over its
    /// commitments in that unit (<c>unit</c> may be left out when they all count in one).
    /// </summary>
    [Tags(Capability.Deals), EndpointSummary("Get a deal's promises and delivery over time in one unit")]
    [WolverineGet("/api/deals/{dealId}/series", OperationId = "getDealSeries")]
    public static DealSeries Get(
        Guid dealId, string? unit, string? asOf, string? knownAt, IReadOnlyList<CommitmentRecord> records, TimeProvider clock)
    {
        var when = PointInTime.From(asOf, knownAt, clock);
        return DealSeries.Of(dealId, unit ?? UnitsOf(records, when).Single(), records, when)!;
    }
}
