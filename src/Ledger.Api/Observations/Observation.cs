using System.Text.Json.Serialization;
using JasperFx.Events.Projections;
using Ledger.Infrastructure.Projections;
using Ledger.Observations.Sealing;
using Ledger.Sourcing;
using Ledger.Transparency;
using Marten;

namespace Ledger.Observations;

public enum Assessment { Delivered, PartiallyDelivered, NotDelivered, NotStarted, UnableToVerify }

public enum ModerationStatus { Pending, Accepted, Rejected }

public sealed record Finding(Assessment Assessment, decimal? Amount);

/// <summary>The place name is public anyway; the coordinates could lead to the observer.</summary>
public sealed record Location(string Place, [Protected] double? Lat, [Protected] double? Lon)
{
    /// <summary>
    /// Set when the position shown is coarsened: the size in degrees of the grid cell whose centre it gives. Absent from
    /// a stored event and from a position shown as submitted.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? CoarsenedTo { get; init; }

    /// <summary>The centre of the <paramref name="grid"/>-degree cell the position falls in; the place name stays.</summary>
    public Location Coarsened(double grid) => Lat is not { } lat || Lon is not { } lon ? this : this with
    {
        Lat = Centre(lat, grid, 90), Lon = Centre(lon, grid, 180), CoarsenedTo = grid,
    };

    static double Centre(double value, double grid, double limit) =>
        Math.Clamp(Math.Round(Math.Floor(value / grid) * grid + grid / 2, 6), -limit, limit);
}

/// <summary>A piece of evidence is identified by its SHA-256, so a photo can be checked even where the file itself is not published.</summary>
public sealed record Evidence(string Sha256, string MediaType, string? Url, string? Title);

/// <summary>
/// A submission. What could lead to the observer — narrative, position, evidence addresses, pseudonym, contact — is
/// only in <see cref="Sealed"/>: <c>Narrative</c> is null, <c>Location</c> holds the place name alone and each evidence
/// item no URL. (Events recorded before sealing hold them in the clear.) The views read them opened, as each viewer may.
/// </summary>
public sealed record ObservationSubmitted(
    Guid ObservationId, Guid CommitmentId, Guid DealId, DateOnly ObservedOn,
    [Protected] Guid OrganizationId, [Protected] string OrganizationName,
    Finding Finding, string? Narrative, string Language, [Protected] Location? Location, IReadOnlyList<Evidence> Evidence,
    DateTimeOffset SubmittedAt)
    : ISourcedStatement
{
    [JsonIgnore] public DateOnly? OccurredOn => ObservedOn;

    /// <summary>Where the observation was published (an audit report as the press reported it); empty for a field visit.</summary>
    public IReadOnlyList<Source> Sources { get; init; } = [];

    /// <summary>The observer's details under the observation's data key; shown to no one as such.</summary>
    [Protected, JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Sealed? Sealed { get; init; }

    /// <summary>What in the narrative looks like a way to reach someone (<c>email</c>, <c>phone</c>, <c>handle</c>).</summary>
    public IReadOnlyList<string> NarrativeFlags { get; init; } = [];

    /// <summary>Never stored here: filled in from <see cref="Sealed"/> for those who may read it.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Observer { get; init; }

    /// <inheritdoc cref="Observer"/>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Contact { get; init; }
}

public sealed record ObservationAccepted(Guid ObservationId, Guid CommitmentId, DateOnly DecidedOn, string? Reason) : ISourcedStatement
{
    [JsonIgnore] public DateOnly? OccurredOn => DecidedOn;
    [JsonIgnore] public IReadOnlyList<Source> Sources => [];

    /// <summary>The narrative as the curator published it (redacted), sealed under the observation's key.</summary>
    [Protected, JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Sealed? PublicNarrative { get; init; }
}

public sealed record ObservationRejected(Guid ObservationId, Guid CommitmentId, DateOnly DecidedOn, string Reason) : ISourcedStatement
{
    [JsonIgnore] public DateOnly? OccurredOn => DecidedOn;
    [JsonIgnore] public IReadOnlyList<Source> Sources => [];
}

/// <summary>
/// Erasure of what could lead to the observer: the observation's data key is destroyed, so its sealed details are
/// unreadable for good; its finding stays, and so do the figures it counts in.
/// </summary>
public sealed record ObservationErased(Guid ObservationId, Guid CommitmentId, [Protected] string Reason, DateTimeOffset ErasedAt);

/// <summary>
/// A field report on one commitment, pending until a curator accepts or rejects it. As stored, the observer's details
/// are sealed (<see cref="Sealed"/>); as shown, <see cref="ObserverPrivacy"/> fills in what the viewer may read.
/// </summary>
public sealed record Observation(
    Guid Id, Guid CommitmentId, Guid DealId, DateOnly ObservedOn, Guid OrganizationId, string OrganizationName, Finding Finding,
    string? Narrative, string Language, Location? Location, IReadOnlyList<Evidence> Evidence, ModerationStatus Status,
    string? ModerationReason, DateOnly? DecidedOn, DateTimeOffset SubmittedAt)
{
    public long Version { get; init; }

    public IReadOnlyList<Source> Sources { get; init; } = [];

    /// <summary>The observer's pseudonym, if their organization gave one (public, unless erased).</summary>
    public string? Observer { get; init; }

    /// <summary>How to reach the observer: shown only to the submitting organization's curators and admins.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Contact { get; init; }

    /// <inheritdoc cref="ObservationSubmitted.NarrativeFlags"/>
    public IReadOnlyList<string> NarrativeFlags { get; init; } = [];

    /// <summary>The curator's redacted narrative, shown as such to those who also see the original.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? PublicNarrative { get; init; }

    /// <summary>Whether the observer's details were erased: narrative, position, evidence addresses, pseudonym, contact.</summary>
    public bool Erased { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public Sealed? Sealed { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public Sealed? SealedPublicNarrative { get; init; }

    /// <summary>
    /// In the moderation queue: whether the amount observed is above the commitment's target in force today (a figure or
    /// unit misread, or more delivered than promised), for the curator to check. Absent without an amount, and elsewhere.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public bool? AboveTarget { get; init; }

    public static Observation Create(ObservationSubmitted e) => new(
        e.ObservationId, e.CommitmentId, e.DealId, e.ObservedOn, e.OrganizationId, e.OrganizationName, e.Finding, e.Narrative,
        e.Language, e.Location, e.Evidence, ModerationStatus.Pending, null, null, e.SubmittedAt)
    {
        Sources = e.Sources, Sealed = e.Sealed, NarrativeFlags = e.NarrativeFlags,
    };

    public Observation Apply(ObservationAccepted e) => this with
    {
        Status = ModerationStatus.Accepted, ModerationReason = e.Reason, DecidedOn = e.DecidedOn,
        SealedPublicNarrative = e.PublicNarrative,
    };

    /// <summary>What was sealed is gone with its key; what was in the clear (before sealing) is dropped here.</summary>
    public Observation Apply(ObservationErased e) => this with
    {
        Narrative = null, Location = Location is { } l ? new Location(l.Place, null, null) : null,
        Evidence = [.. Evidence.Select(x => x with { Url = null })], Sealed = null, SealedPublicNarrative = null,
        Erased = true,
    };

    public Observation Apply(ObservationRejected e) =>
        this with { Status = ModerationStatus.Rejected, ModerationReason = e.Reason, DecidedOn = e.DecidedOn };
}

public static class ObservationsStore
{
    /// <summary>Each aggregate is an inline snapshot: written in the same transaction as its events, so reads never lag writes.</summary>
    public static StoreOptions ConfigureObservations(this StoreOptions o)
    {
        o.Projections.Snapshot<Observation>(SnapshotLifecycle.Inline, ProjectionPaging.InLargePages);
        o.Schema.For<Observation>().Index(x => x.CommitmentId).Index(x => x.DealId).Index(x => x.Status);
        o.Schema.For<ObservationKey>();
        o.Schema.For<PseudonymClaim>();
        o.Schema.For<Submitting.SubmittedRequest>();
        return o;
    }
}
