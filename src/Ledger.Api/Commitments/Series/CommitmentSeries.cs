using System.Text.Json.Serialization;
using JasperFx.Events;
using Ledger.Commitments.Facts;
using Ledger.Commitments.Status;
using Ledger.Observations;
using Ledger.Sourcing;
using Ledger.TimeTravel;

namespace Ledger.Commitments.Series;

/// <summary>
/// What a point of the series records: the promise as first made (<c>baseline</c>), a revision of it (<c>amendment</c>
/// when it comes with an amendment of the deal), a claim of delivery, an accepted observation's amount
/// (<c>verified</c>), or a due date.
/// </summary>
public enum SeriesPointKind { Baseline, Revision, Amendment, Claim, Verified, Due }

/// <summary>
/// One dated statement and the figures in force once everything dated that day is counted: the step the chart draws.
/// A <c>due</c> point carries only the target due on its date, as in force when the due date was set.
/// </summary>
public sealed record SeriesPoint(
    DateOnly On,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DatePrecision? DatePrecision,
    SeriesPointKind Kind, decimal? Target, decimal? Claimed, decimal? Verified, long Sequence, IReadOnlyList<Source> Sources)
{
    /// <summary>The commitment the statement is about (on a deal's series, which sums several).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public Guid? CommitmentId { get; init; }

    /// <summary>Whether every source the statement rests on is marked unverified.</summary>
    [JsonIgnore] public bool OnlyUnverified => Sources.Count > 0 && Sources.All(s => s.Unverified);
}

/// <summary>A commitment's promised target over time against claimed and verified delivery, as of a day, as known at a moment.</summary>
public sealed record CommitmentSeries(
    Guid CommitmentId, Guid DealId, string Title, string Unit, decimal OriginalTarget, DateOnly AsOf, DateTimeOffset? KnownAt,
    IReadOnlyList<SeriesPoint> Points)
{
    /// <summary>
    /// The series from the events <paramref name="facts"/> were folded from (the commitment's and its observations', in
    /// sequence order); null when the commitment was not yet made on <c>asOf</c> or not yet recorded at <c>knownAt</c>.
    /// Only accepted observations appear, by their public fields (date, amount, sources): what anyone may see.
    /// </summary>
    public static CommitmentSeries? Of(CommitmentFacts facts, IReadOnlyList<IEvent> events, PointInTime when)
    {
        if (CommitmentStatus.Of(facts, when.AsOf, when.KnownAt) is null) return null;
        var submissions = events.Select(e => e.Data).OfType<ObservationSubmitted>().ToDictionary(o => o.ObservationId);
        var statements = new List<Statement>();
        foreach (var e in events)
        {
            if (when.KnownAt is { } knownAt && e.Timestamp > knownAt) continue;
            switch (e.Data)
            {
                case CommitmentMade m:
                    statements.Add(Point(m.MadeOn, SeriesPointKind.Baseline, e, m.Sources));
                    if (m.DueOn is { } due) statements.Add(Point(due, SeriesPointKind.Due, e, m.Sources, setOn: m.MadeOn));
                    break;
                case CommitmentRevised r:
                    var kind = r.AmendmentId is null ? SeriesPointKind.Revision : SeriesPointKind.Amendment;
                    if (r.Target is not null) statements.Add(Point(r.EffectiveOn, kind, e, r.Sources));
                    if (r.DueOn is { } revisedDue)
                    {
                        if (r.Target is null) statements.Add(Point(r.EffectiveOn, kind, e, r.Sources));
                        statements.Add(Point(revisedDue, SeriesPointKind.Due, e, r.Sources, setOn: r.EffectiveOn));
                    }
                    break;
                case DeliveryClaimed c:
                    statements.Add(Point(c.AsOf, SeriesPointKind.Claim, e, c.Sources));
                    break;
                case ObservationAccepted a when submissions.TryGetValue(a.ObservationId, out var o) && o.Finding.Amount is not null:
                    statements.Add(Point(o.ObservedOn, SeriesPointKind.Verified, e, o.Sources));
                    break;
            }
        }
        var points = statements
            .Where(p => (p.SetOn ?? p.On) <= when.AsOf)
            .Select(p => p.Point(facts, when.KnownAt))
            .OrderBy(p => p.On).ThenBy(p => p.Sequence).ThenBy(p => p.Kind)
            .ToList();
        return new CommitmentSeries(facts.Id, facts.DealId, facts.Title, facts.Unit, facts.OriginalTarget.Amount, when.AsOf,
            when.KnownAt, points);
    }

    static Statement Point(DateOnly on, SeriesPointKind kind, IEvent e, IReadOnlyList<Source> sources, DateOnly? setOn = null) =>
        new(on, kind, e.Sequence, sources, setOn);

    /// <summary>A statement before its figures are read: <c>SetOn</c> is when a due date was set (its own date is the deadline).</summary>
    sealed record Statement(DateOnly On, SeriesPointKind Kind, long Sequence, IReadOnlyList<Source> Sources, DateOnly? SetOn)
    {
        public SeriesPoint Point(CommitmentFacts facts, DateTimeOffset? knownAt)
        {
            var precision = Dating.PrecisionOf(Sources);
            if (SetOn is { } setOn)
                return new SeriesPoint(On, null, Kind, CommitmentStatus.Of(facts, setOn, knownAt)?.Target, null, null, Sequence, Sources)
                {
                    CommitmentId = facts.Id,
                };
            var figures = CommitmentStatus.Of(facts, On, knownAt);
            return new SeriesPoint(On, precision, Kind, figures?.Target, figures?.Claimed, figures?.Verified, Sequence, Sources)
            {
                CommitmentId = facts.Id,
            };
        }
    }
}
