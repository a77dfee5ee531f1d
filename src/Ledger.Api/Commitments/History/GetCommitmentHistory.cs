using System.Security.Claims;
using System.Text.Json.Serialization;
using Ledger.Infrastructure.Http;
using Ledger.Infrastructure.OpenApi;
using Ledger.Infrastructure.Writing;
using Ledger.Observations;
using Ledger.Sourcing;
using Ledger.Organizations.Keys;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Http.Marten;

namespace Ledger.Commitments.History;

/// <summary>One event as it was appended: its domain date (when it happened) beside its recorded time (when the ledger learnt it).</summary>
public sealed record HistoryEntry(
    long Sequence, Guid StreamId, long Version, string Type, DateOnly? OccurredOn, DateTimeOffset RecordedAt, RecordedBy RecordedBy,
    string? CorrelationId, IReadOnlyList<Source> Sources, object Data)
{
    /// <summary>How precisely the sources date <see cref="OccurredOn"/>: <c>month</c> or <c>year</c>; absent for a day.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public DatePrecision? DatePrecision => Dating.PrecisionOf(Sources);
}

public static class GetCommitmentHistoryEndpoint
{
    /// <summary>The commitment's own events and those of every observation about it, in the order the ledger recorded them.</summary>
    public static ProblemDetails Validate([Document(Required = false)] Commitment? commitment, Guid commitmentId) =>
        Problems.Found(commitment, "Commitment", commitmentId);

    [Tags(Capability.Commitments), EndpointSummary("Get a commitment's history")]
    [WolverineGet("/api/commitments/{commitmentId}/history", OperationId = "getCommitmentHistory")]
    public static async Task<IReadOnlyList<HistoryEntry>> Get(
        Commitment commitment,
        ClaimsPrincipal user, IQuerySession session, ObserverPrivacy privacy, CancellationToken ct) =>
        await ForAsync(commitment, Caller.From(user), session, privacy, ct);

    /// <summary>
    /// The history as <paramref name="viewer"/> may read it: the events of observations they may not know of are left out,
    /// and positions are coarsened unless they may see them as submitted.
    /// </summary>
    public static async Task<IReadOnlyList<HistoryEntry>> ForAsync(
        Commitment commitment, Caller? viewer, IQuerySession session, ObserverPrivacy privacy, CancellationToken ct)
    {
        var moderates = await ObserverPrivacy.ModeratedDealsAsync([commitment.DealId], viewer, session, ct);
        var mayModerate = moderates.Contains(commitment.DealId);
        var observations = (await session.Query<Observation>().Where(o => o.CommitmentId == commitment.Id).ToListAsync(ct))
            .Where(o => ObserverPrivacy.MaySee(o.Status, o.OrganizationId, mayModerate, viewer)).ToList();
        var streams = observations.Select(o => o.Id).Prepend(commitment.Id).ToArray();
        var events = await session.Events.QueryAllRawEvents()
            .Where(e => e.StreamId.IsOneOf(streams))
            .OrderBy(e => e.Sequence)
            .ToListAsync(ct);
        var shown = await privacy.EventsForAsync([.. events.Select(e => e.Data)], observations, viewer, session, ct, moderates);
        return [.. events.Select((e, i) => new HistoryEntry(
            e.Sequence, e.StreamId, e.Version, e.EventTypeName,
            (e.Data as ISourcedStatement)?.OccurredOn, e.Timestamp,
            RecordedBy.Of(e).For(viewer),
            e.CorrelationId, (e.Data as ISourcedStatement)?.Sources ?? [], shown[i]))];
    }
}
