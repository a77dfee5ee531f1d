using System.Text.Json.Serialization;
using JasperFx.Events.Projections;
using Ledger.Infrastructure.Projections;
using Ledger.Infrastructure.Writing;
using Ledger.Measuring;
using Ledger.Sourcing;
using Marten;

namespace Ledger.Commitments;

public sealed record CommitmentMade(
    Guid CommitmentId, Guid DealId, string Promisor, string? Beneficiary, string Title, string Category, Target Target,
    DateOnly? DueOn, bool Binding, DateOnly MadeOn, IReadOnlyList<Source> Sources) : ISourcedStatement
{
    [JsonIgnore] public DateOnly? OccurredOn => MadeOn;

    /// <summary>The version of a list this commitment belongs to, when its sources give several; absent before alternatives.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public Alternative? Alternative { get; init; }
}

/// <summary>
/// One version among alternative versions of the same promises (the 2008 annex's version A vs B): the versions of a
/// <see cref="Group"/> are not added together; a total counts the group once, as the range its versions span.
/// </summary>
public sealed record Alternative(string Group, string Version);

/// <summary>A new target and/or deadline, in force from <see cref="EffectiveOn"/>; the original stays on record.</summary>
public sealed record CommitmentRevised(
    Guid CommitmentId, Guid RevisionId, Target? Target, DateOnly? DueOn, DateOnly EffectiveOn, string Reason, Guid? AmendmentId,
    IReadOnlyList<Source> Sources) : ISourcedStatement
{
    [JsonIgnore] public DateOnly? OccurredOn => EffectiveOn;
}

/// <summary>What the promisor (or someone speaking for it) says has been delivered in total by <see cref="AsOf"/>.</summary>
public sealed record DeliveryClaimed(
    Guid CommitmentId, Guid ClaimId, string ClaimedBy, decimal Amount, DateOnly AsOf, IReadOnlyList<Source> Sources) : ISourcedStatement
{
    [JsonIgnore] public DateOnly? OccurredOn => AsOf;
}

public sealed record CommitmentWithdrawn(Guid CommitmentId, DateOnly WithdrawnOn, string Reason, IReadOnlyList<Source> Sources)
    : ISourcedStatement
{
    [JsonIgnore] public DateOnly? OccurredOn => WithdrawnOn;
}

/// <summary>
/// Appended by the ledger itself when a commitment's due date passed without verified delivery, so that the log and
/// its subscribers see the broken deadline as a fact. Status as of earlier dates never depends on it.
/// </summary>
public sealed record DeadlinePassed(Guid CommitmentId, DateOnly DueOn, decimal Target, decimal Verified) : ISourcedStatement
{
    [JsonIgnore] public DateOnly? OccurredOn => DueOn;
    [JsonIgnore] public IReadOnlyList<Source> Sources => [];
}

public sealed record Revision(Guid Id, Target? Target, DateOnly? DueOn, DateOnly EffectiveOn, string Reason, Guid? AmendmentId);

public sealed record Claim(Guid Id, string ClaimedBy, decimal Amount, DateOnly AsOf);

/// <summary>
/// A commitment as promised and revised, with every claim made about it: the state write decisions need. The figures
/// that depend on the date (target in force, latest claim, status) are derived only by
/// <see cref="GettingStatus.CommitmentStatus"/>, from the recorded facts.
/// </summary>
public sealed record Commitment(
    Guid Id, Guid DealId, string Promisor, string? Beneficiary, string Title, string Category, Target OriginalTarget,
    DateOnly? OriginalDueOn, bool Binding, DateOnly MadeOn, IReadOnlyList<Revision> Revisions, IReadOnlyList<Claim> Claims,
    DateOnly? WithdrawnOn)
{
    public long Version { get; init; }

    public string Unit => OriginalTarget.Unit;

    /// <inheritdoc cref="CommitmentMade.Alternative"/>
    public Alternative? Alternative { get; init; }

    /// <summary>The target in force on <paramref name="day"/>: the last revision's that changed it by then, else the original.</summary>
    public Target TargetOn(DateOnly day) =>
        Revisions.Where(r => r.Target is not null && r.EffectiveOn <= day).OrderBy(r => r.EffectiveOn).LastOrDefault()?.Target
        ?? OriginalTarget;

    public static Commitment Create(CommitmentMade e) =>
        new(e.CommitmentId, e.DealId, e.Promisor, e.Beneficiary, e.Title, e.Category, e.Target, e.DueOn, e.Binding, e.MadeOn, [], [], null)
        {
            Alternative = e.Alternative,
        };

    // Applying an event twice changes nothing (a projection rebuild replays events over the documents it finds).
    public Commitment Apply(CommitmentRevised e) => Revisions.Any(r => r.Id == e.RevisionId) ? this
        : this with { Revisions = [.. Revisions, new Revision(e.RevisionId, e.Target, e.DueOn, e.EffectiveOn, e.Reason, e.AmendmentId)] };

    public Commitment Apply(DeliveryClaimed e) => Claims.Any(c => c.Id == e.ClaimId) ? this
        : this with { Claims = [.. Claims, new Claim(e.ClaimId, e.ClaimedBy, e.Amount, e.AsOf)] };

    public Commitment Apply(CommitmentWithdrawn e) => this with { WithdrawnOn = e.WithdrawnOn };

    // A copy, not this: the stored snapshot must take the new version even though no field changes.
    public Commitment Apply(DeadlinePassed e) => this with { };
}

public static class CommitmentsStore
{
    /// <summary>Each aggregate is an inline snapshot: written in the same transaction as its events, so reads never lag writes.</summary>
    public static StoreOptions ConfigureCommitments(this StoreOptions o)
    {
        o.Projections.Snapshot<Commitment>(SnapshotLifecycle.Inline, ProjectionPaging.InLargePages);
        o.Schema.For<Commitment>().Index(c => c.DealId);
        return o;
    }
}

/// <summary>The commitment documents as the read slices and pages read them.</summary>
public static class CommitmentReads
{
    public static Task<Commitment?> FindCommitmentAsync(this IQuerySession session, Guid id, CancellationToken ct) =>
        session.LoadAsync<Commitment>(id, ct);

    public static async Task<IReadOnlyDictionary<Guid, Commitment>> CommitmentsAsync(
        this IQuerySession session, IReadOnlyCollection<Guid> ids, CancellationToken ct) =>
        ids.Count == 0 ? new Dictionary<Guid, Commitment>()
            : (await session.LoadManyAsync<Commitment>(ct, ids)).ToDictionary(c => c.Id);

    public static async Task<IReadOnlyDictionary<Guid, string>> CommitmentTitlesAsync(
        this IQuerySession session, IReadOnlyCollection<Guid> ids, CancellationToken ct) =>
        ids.Count == 0 ? new Dictionary<Guid, string>()
            : (await session.LoadManyAsync<Commitment>(ct, ids)).ToDictionary(c => c.Id, c => c.Title);
}
