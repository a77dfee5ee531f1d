using System.Text.Json.Serialization;
using JasperFx.Events.Projections;
using Ledger.Infrastructure.Projections;
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

public sealed record ObservationSubmitted(
    Guid ObservationId, Guid CommitmentId, Guid DealId, DateOnly ObservedOn,
    [Protected] Guid OrganizationId, [Protected] string OrganizationName,
    Finding Finding, string Narrative, string Language, [Protected] Location? Location, IReadOnlyList<Evidence> Evidence,
    DateTimeOffset SubmittedAt)
    : ISourcedStatement
{
    [JsonIgnore] public DateOnly? OccurredOn => ObservedOn;

    /// <summary>Where the observation was published (an audit report as the press reported it); empty for a field visit.</summary>
    public IReadOnlyList<Source> Sources { get; init; } = [];
}

public sealed record ObservationAccepted(Guid ObservationId, Guid CommitmentId, DateOnly DecidedOn, string? Reason) : ISourcedStatement
{
    [JsonIgnore] public DateOnly? OccurredOn => DecidedOn;
    [JsonIgnore] public IReadOnlyList<Source> Sources => [];
}

public sealed record ObservationRejected(Guid ObservationId, Guid CommitmentId, DateOnly DecidedOn, string Reason) : ISourcedStatement
{
    [JsonIgnore] public DateOnly? OccurredOn => DecidedOn;
    [JsonIgnore] public IReadOnlyList<Source> Sources => [];
}

/// <summary>A field report on one commitment, pending until a curator accepts or rejects it.</summary>
public sealed record Observation(
    Guid Id, Guid CommitmentId, Guid DealId, DateOnly ObservedOn, Guid OrganizationId, string OrganizationName, Finding Finding,
    string Narrative, string Language, Location? Location, IReadOnlyList<Evidence> Evidence, ModerationStatus Status,
    string? ModerationReason, DateOnly? DecidedOn, DateTimeOffset SubmittedAt)
{
    public long Version { get; init; }

    public IReadOnlyList<Source> Sources { get; init; } = [];

    public static Observation Create(ObservationSubmitted e) => new(
        e.ObservationId, e.CommitmentId, e.DealId, e.ObservedOn, e.OrganizationId, e.OrganizationName, e.Finding, e.Narrative,
        e.Language, e.Location, e.Evidence, ModerationStatus.Pending, null, null, e.SubmittedAt) { Sources = e.Sources };

    public Observation Apply(ObservationAccepted e) =>
        this with { Status = ModerationStatus.Accepted, ModerationReason = e.Reason, DecidedOn = e.DecidedOn };

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
        return o;
    }
}
