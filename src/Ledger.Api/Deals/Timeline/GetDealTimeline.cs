using System.Security.Claims;
using System.Globalization;
using System.Text.Json.Serialization;
using JasperFx.Events;
using Ledger.Commitments;
using Ledger.Infrastructure;
using Ledger.Infrastructure.Http;
using Ledger.Infrastructure.OpenApi;
using Ledger.Infrastructure.Validation;
using Ledger.Infrastructure.Writing;
using Ledger.Observations;
using Ledger.Sourcing;
using Ledger.TimeTravel;
using Ledger.Organizations.Keys;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Ledger.Deals.Timeline;

/// <summary>One statement about the deal: when it happened in the world, what it said, who said so, and when the ledger learnt it.</summary>
public sealed record TimelineEntry(
    DateOnly OccurredOn, string Type, string Summary, Guid? CommitmentId, Guid? ObservationId, IReadOnlyList<Source> Sources,
    DateTimeOffset RecordedAt, RecordedBy RecordedBy, long Sequence, object Details)
{
    /// <summary>How precisely the sources date <see cref="OccurredOn"/>: <c>month</c> or <c>year</c>; absent for a day.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public DatePrecision? DatePrecision => Dating.PrecisionOf(Sources);
}

/// <summary>One page of the timeline: <c>total</c> entries in all, <c>next</c> the route of the following page (null on the last).</summary>
public sealed record DealTimeline(
    Guid DealId, DateOnly AsOf, DateTimeOffset? KnownAt, IReadOnlyList<TimelineEntry> Entries, int Page, int PageSize, long Total,
    string? Next);

public static class GetDealTimelineEndpoint
{
    /// <summary>Every seeded deal's whole timeline fits on the default page; a page never grows past the maximum.</summary>
    public const int DefaultPageSize = 500, MaxPageSize = 1000;

    public static async Task<ProblemDetails> ValidateAsync(
        Guid dealId, string? asOf, string? knownAt, int? page, int? pageSize, IQuerySession session, TimeProvider clock,
        CancellationToken ct)
    {
        var badFields = PointInTime.Check(asOf, knownAt, new FieldErrors().Page(page, pageSize, DefaultPageSize, MaxPageSize));
        return badFields != WolverineContinue.NoProblems ? badFields
            : await DealKnowledge.CheckAsync(session, dealId, asOf, knownAt, clock, ct);
    }

    /// <summary>
    /// Registration, amendments, announcements, commitments, revisions, claims, accepted observations and deadlines passed,
    /// in the order they happened (domain date, then recorded order).
    /// </summary>
    [WholeNumber("pageSize", 1, MaxPageSize, Default = DefaultPageSize)]
    [Tags(Capability.Deals), EndpointSummary("Get a deal's timeline")]
    [WolverineGet("/api/deals/{dealId}/timeline", OperationId = "getDealTimeline")]
    public static async Task<DealTimeline> Get(
        Guid dealId, string? asOf, string? knownAt, int? page, int? pageSize, ClaimsPrincipal user, IQuerySession session,
        ObserverPrivacy privacy, TimeProvider clock, CancellationToken ct)
    {
        var when = PointInTime.From(asOf, knownAt, clock);
        var paging = PageOf.From(page, pageSize, DefaultPageSize);
        var viewer = Caller.From(user);
        // Only accepted observations appear, as this viewer may read them.
        var events = await session.ReadShownAsync(dealId, viewer, privacy, ct);
        var entries = Entries(events, when);
        return new DealTimeline(dealId, when.AsOf, when.KnownAt,
            [.. paging.Of(entries).Select(e => e with { RecordedBy = e.RecordedBy.For(viewer) })],
            paging.Number, paging.Size, entries.Count,
            paging.Next($"/api/deals/{dealId}/timeline", entries.Count, ("asOf", asOf), ("knownAt", knownAt)));
    }

    /// <summary><paramref name="dataOf"/> gives each event's data as the viewer may read it (as stored by default).</summary>
    public static IReadOnlyList<TimelineEntry> Entries(
        IReadOnlyList<IEvent> eventsInSequence, PointInTime when, Func<IEvent, object>? dataOf = null)
    {
        dataOf ??= e => e.Data;
        var commitments = eventsInSequence.Select(e => e.Data).OfType<CommitmentMade>().ToDictionary(c => c.CommitmentId);
        var submissions = eventsInSequence.Where(e => e.Data is ObservationSubmitted)
            .ToDictionary(e => ((ObservationSubmitted)e.Data).ObservationId);
        var entries = new List<TimelineEntry>();

        foreach (var e in eventsInSequence)
        {
            if (when.KnownAt is { } knownAt && e.Timestamp > knownAt) continue;
            var entry = e.Data switch
            {
                DealRegistered d => Entry(e, d.SignedOn ?? DateOnly.FromDateTime(e.Timestamp.UtcDateTime), "deal-registered",
                    d.SignedOn is null ? $"Deal registered: {d.Title}" : $"Deal signed: {d.Title}", null, d.Sources),
                DealAmended a => Entry(e, a.EffectiveOn, "deal-amended", $"Amendment: {a.Summary}", null, a.Sources),
                AnnouncementRecorded a => Entry(e, a.MadeOn, "announcement",
                    $"{a.Speaker} ({a.SpeakerRole}): {a.Statement}", null, a.Sources),
                CommitmentMade c => Entry(e, c.MadeOn, "commitment-made",
                    $"{c.Promisor} committed to {c.Title}: {Amount(c.Target.Amount)} {c.Target.Unit}" +
                    $"{(c.DueOn is { } due ? $" by {due:yyyy-MM-dd}" : "")}",
                    c.CommitmentId, c.Sources),
                CommitmentRevised r => Entry(e, r.EffectiveOn, "commitment-revised", $"{TitleOf(r.CommitmentId)} revised: " +
                    string.Join("; ", new[]
                        {
                            r.Target is { } t ? $"target {Amount(t.Amount)} {t.Unit}" : null,
                            r.DueOn is { } d ? $"due {d:yyyy-MM-dd}" : null,
                        }
                        .OfType<string>()) + $" ({r.Reason})", r.CommitmentId, r.Sources),
                DeliveryClaimed c => Entry(e, c.AsOf, "delivery-claimed",
                    $"{c.ClaimedBy} claims {Amount(c.Amount)} {UnitOf(c.CommitmentId)} delivered for {TitleOf(c.CommitmentId)}",
                    c.CommitmentId, c.Sources),
                CommitmentWithdrawn w => Entry(e, w.WithdrawnOn, "commitment-withdrawn", $"{TitleOf(w.CommitmentId)} withdrawn: {w.Reason}",
                    w.CommitmentId, w.Sources),
                DeadlinePassed d => Entry(e, d.DueOn, "deadline-passed",
                    $"Deadline passed for {TitleOf(d.CommitmentId)}: {Amount(d.Verified)} of {Amount(d.Target)} {UnitOf(d.CommitmentId)} verified",
                    d.CommitmentId, []),
                ObservationAccepted a when submissions.TryGetValue(a.ObservationId, out var submitted) => Accepted(e, submitted),
                _ => null,
            };
            if (entry is not null && entry.OccurredOn <= when.AsOf) entries.Add(entry);
        }
        return [.. entries.OrderBy(x => x.OccurredOn).ThenBy(x => x.Sequence)];

        string TitleOf(Guid commitmentId) => commitments.TryGetValue(commitmentId, out var c) ? c.Title : "a commitment";
        string UnitOf(Guid commitmentId) => commitments.TryGetValue(commitmentId, out var c) ? c.Target.Unit : "";

        TimelineEntry Accepted(IEvent acceptance, IEvent submission)
        {
            var o = (ObservationSubmitted)dataOf(submission);
            var amount = o.Finding.Amount is { } a ? $": {Amount(a)} {UnitOf(o.CommitmentId)}" : "";
            var evidence = o.Sources
                .Concat(o.Evidence.Where(x => x.Url is not null)
                    .Select(x => new Source(x.Url!, o.OrganizationName, o.ObservedOn, x.Title)))
                .ToList();
            return new TimelineEntry(o.ObservedOn, "observation-accepted",
                $"{o.OrganizationName} observed {Names.Of(o.Finding.Assessment)} for {TitleOf(o.CommitmentId)}{amount}",
                o.CommitmentId, o.ObservationId, evidence, acceptance.Timestamp, RecordedBy.Of(submission), acceptance.Sequence, o);
        }
    }

    static TimelineEntry Entry(IEvent e, DateOnly occurredOn, string type, string summary, Guid? commitmentId, IReadOnlyList<Source> sources) =>
        new(occurredOn, type, summary, commitmentId, null, sources, e.Timestamp, RecordedBy.Of(e), e.Sequence, e.Data);

    static string Amount(decimal amount) => amount.ToString("#,0.##", CultureInfo.InvariantCulture);
}
