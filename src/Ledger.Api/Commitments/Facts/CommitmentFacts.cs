using JasperFx.Events;
using Ledger.Measuring;
using Ledger.Observations;

namespace Ledger.Commitments.Facts;

public sealed record RecordedRevision(
    Guid Id, Target? Target, DateOnly? DueOn, DateOnly EffectiveOn, string Reason, Guid? AmendmentId, DateTimeOffset RecordedAt, long Sequence);

public sealed record RecordedClaim(Guid Id, string ClaimedBy, decimal Amount, DateOnly AsOf, DateTimeOffset RecordedAt, long Sequence);

public sealed record RecordedObservation(
    Guid Id, DateOnly ObservedOn, DateTimeOffset SubmittedAt, Assessment Assessment, decimal? Amount, DateTimeOffset RecordedAt,
    ModerationStatus Decision, DateTimeOffset? DecidedAt)
{
    /// <summary>The observing organization: an organization never corroborates itself.</summary>
    public Guid OrganizationId { get; init; }

    /// <summary>A submission as recorded at <paramref name="at"/>, pending.</summary>
    public static RecordedObservation Submitted(ObservationSubmitted o, DateTimeOffset at) =>
        new(o.ObservationId, o.ObservedOn, o.SubmittedAt, o.Finding.Assessment, o.Finding.Amount, at, ModerationStatus.Pending, null)
        {
            OrganizationId = o.OrganizationId,
        };

    /// <summary>The moderation status as the ledger knew it at <paramref name="knownAt"/>.</summary>
    public ModerationStatus StatusKnownAt(DateTimeOffset? knownAt) =>
        Decision != ModerationStatus.Pending && (knownAt is null || DecidedAt <= knownAt) ? Decision : ModerationStatus.Pending;
}

public sealed record RecordedDeadline(DateOnly DueOn, DateTimeOffset RecordedAt);

public sealed record RecordedWithdrawal(DateOnly WithdrawnOn, DateTimeOffset RecordedAt);

/// <summary>
/// Everything the ledger holds about one commitment, each fact with the time it was recorded. Folded from the
/// commitment's events and those of the observations about it, it answers for any date of the world (asOf) and any
/// moment of the ledger's knowledge (knownAt) without going back to the events.
/// </summary>
public sealed record CommitmentFacts(
    Guid Id, Guid DealId, string Promisor, string? Beneficiary, string Title, string Category, Target OriginalTarget,
    DateOnly? OriginalDueOn, bool Binding, DateOnly MadeOn, DateTimeOffset RecordedAt,
    IReadOnlyList<RecordedRevision> Revisions, IReadOnlyList<RecordedClaim> Claims, IReadOnlyList<RecordedObservation> Observations,
    IReadOnlyList<RecordedDeadline> DeadlinesPassed, RecordedWithdrawal? Withdrawal, IReadOnlyList<DateTimeOffset> StreamEventTimes)
{
    public string Unit => OriginalTarget.Unit;

    /// <inheritdoc cref="CommitmentMade.Alternative"/>
    public Alternative? Alternative { get; init; }

    /// <summary>The commitment stream's version as known at <paramref name="knownAt"/>.</summary>
    public long VersionKnownAt(DateTimeOffset? knownAt) => knownAt is null ? StreamEventTimes.Count : StreamEventTimes.Count(t => t <= knownAt);

    /// <summary>Folds one event (in sequence order); events before the commitment was made, or of other kinds, change nothing.</summary>
    public static CommitmentFacts? Fold(CommitmentFacts? facts, IEvent e) => Fold(facts, [e]);

    /// <summary>
    /// Folds a run of events, as many single folds would, in the order given (sequence order), copying each list once
    /// for the whole run rather than once per event. Returns <paramref name="facts"/> itself when nothing changed.
    /// </summary>
    public static CommitmentFacts? Fold(CommitmentFacts? facts, IReadOnlyList<IEvent> events)
    {
        Folding? folding = null;
        foreach (var e in events)
        {
            if (folding is null)
            {
                if (facts is not null) folding = new Folding(facts);
                else if (e.Data is CommitmentMade made) { folding = new Folding(made, e.Timestamp); continue; }
                else continue;
            }
            folding.Apply(e);
        }
        return folding?.Facts() ?? facts;
    }

    public static CommitmentFacts? FoldAll(IEnumerable<IEvent> events) => Fold(null, events.OrderBy(e => e.Sequence).ToList());

    /// <summary>The facts being folded: the lists are copied the first time an event adds to them, then appended to in place.</summary>
    sealed class Folding
    {
        readonly CommitmentFacts _start;
        List<RecordedRevision>? _revisions;
        List<RecordedClaim>? _claims;
        List<RecordedObservation>? _observations;
        List<RecordedDeadline>? _deadlines;
        List<DateTimeOffset>? _streamEventTimes;
        RecordedWithdrawal? _withdrawal;
        bool _changed;
        /// <summary>Where each observation sits in <see cref="_observations"/>, built at the first decision.</summary>
        Dictionary<Guid, List<int>>? _observationAt;

        public Folding(CommitmentFacts start) => (_start, _withdrawal) = (start, start.Withdrawal);

        public Folding(CommitmentMade made, DateTimeOffset at) : this(new CommitmentFacts(made.CommitmentId, made.DealId, made.Promisor,
            made.Beneficiary, made.Title, made.Category, made.Target, made.DueOn, made.Binding, made.MadeOn, at, [], [], [], [], null, [at])
        {
            Alternative = made.Alternative,
        }) => _changed = true;

        public void Apply(IEvent e)
        {
            switch (e.Data)
            {
                case CommitmentRevised r:
                    InStream(e);
                    (_revisions ??= [.. _start.Revisions]).Add(
                        new RecordedRevision(r.RevisionId, r.Target, r.DueOn, r.EffectiveOn, r.Reason, r.AmendmentId, e.Timestamp, e.Sequence));
                    break;
                case DeliveryClaimed c:
                    InStream(e);
                    (_claims ??= [.. _start.Claims]).Add(new RecordedClaim(c.ClaimId, c.ClaimedBy, c.Amount, c.AsOf, e.Timestamp, e.Sequence));
                    break;
                case CommitmentWithdrawn w:
                    InStream(e);
                    _withdrawal = new RecordedWithdrawal(w.WithdrawnOn, e.Timestamp);
                    break;
                case DeadlinePassed d:
                    InStream(e);
                    (_deadlines ??= [.. _start.DeadlinesPassed]).Add(new RecordedDeadline(d.DueOn, e.Timestamp));
                    break;
                case ObservationSubmitted o:
                    var observations = Observations();
                    if (_observationAt is not null) Index(o.ObservationId, observations.Count);
                    observations.Add(RecordedObservation.Submitted(o, e.Timestamp));
                    break;
                case ObservationAccepted a:
                    Decide(a.ObservationId, ModerationStatus.Accepted, e.Timestamp);
                    break;
                case ObservationRejected r:
                    Decide(r.ObservationId, ModerationStatus.Rejected, e.Timestamp);
                    break;
            }
        }

        public CommitmentFacts Facts() => !_changed ? _start : _start with
        {
            Revisions = _revisions ?? _start.Revisions, Claims = _claims ?? _start.Claims, Observations = _observations ?? _start.Observations,
            DeadlinesPassed = _deadlines ?? _start.DeadlinesPassed, Withdrawal = _withdrawal, StreamEventTimes = _streamEventTimes ?? _start.StreamEventTimes,
        };

        void InStream(IEvent e)
        {
            _changed = true;
            (_streamEventTimes ??= [.. _start.StreamEventTimes]).Add(e.Timestamp);
        }

        void Index(Guid observationId, int at)
        {
            if (_observationAt!.TryGetValue(observationId, out var positions)) positions.Add(at);
            else _observationAt[observationId] = [at];
        }

        List<RecordedObservation> Observations()
        {
            _changed = true;
            return _observations ??= [.. _start.Observations];
        }

        void Decide(Guid observationId, ModerationStatus decision, DateTimeOffset at)
        {
            var observations = Observations();
            if (_observationAt is null)
            {
                _observationAt = [];
                for (var i = 0; i < observations.Count; i++) Index(observations[i].Id, i);
            }
            foreach (var i in _observationAt.GetValueOrDefault(observationId) ?? [])
                observations[i] = observations[i] with { Decision = decision, DecidedAt = at };
        }
    }
}
