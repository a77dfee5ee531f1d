using Ledger.Commitments;
using Ledger.Observations;

namespace Ledger.UnitTests.Support;

/// <summary>The events about <see cref="Given"/>'s commitment that the time-travel tests record at chosen instants.</summary>
static class Recorded
{
    public const string RouteWatch = "Route watch";
    public static readonly Guid RouteWatchId = Guid.Parse("0197a000-0000-7000-8000-000000000010");

    /// <summary>Noon UTC on a day: the instant an event is recorded at, unless a test needs another.</summary>
    public static DateTimeOffset At(int year, int month, int day, int hour = 12) => new(year, month, day, hour, 0, 0, TimeSpan.Zero);

    /// <summary>100 km of road, made at the start of 2020 and due at the end of 2023, unless told otherwise.</summary>
    public static CommitmentMade RoadsMade(decimal km = 100m, DateOnly? dueOn = null, bool noDueDate = false) =>
        Given.RoadsPromised(km) with { MadeOn = new DateOnly(2020, 1, 1), DueOn = noDueDate ? null : dueOn ?? new DateOnly(2023, 12, 31) };

    public static ObservationSubmitted Submitted(
        DateOnly observedOn, decimal? km, DateTimeOffset submittedAt, params Evidence[] evidence) => new(
        Guid.CreateVersion7(), Given.CommitmentId, Given.DealId, observedOn, RouteWatchId, RouteWatch,
        new Finding(km is null ? Assessment.UnableToVerify : Assessment.PartiallyDelivered, km), "Drove the road.", "en",
        new Location("Kolwezi", -10.7, 25.5), evidence, submittedAt);

    public static ObservationAccepted Accepted(ObservationSubmitted o, DateOnly decidedOn) => new(o.ObservationId, o.CommitmentId, decidedOn, null);

    public static ObservationRejected Rejected(ObservationSubmitted o, DateOnly decidedOn) =>
        new(o.ObservationId, o.CommitmentId, decidedOn, "Photos show another road");

    public static CommitmentWithdrawn Withdrawn(DateOnly withdrawnOn) => new(Given.CommitmentId, withdrawnOn, "Abandoned", [Given.Source()]);
}
