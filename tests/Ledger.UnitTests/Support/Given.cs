using Ledger.Commitments;
using Ledger.Commitments.Facts;
using Ledger.Commitments.Gaps;
using Ledger.Deals;
using Ledger.Measuring;
using Ledger.Observations;
using Ledger.Sourcing;

namespace Ledger.UnitTests.Support;

/// <summary>The shared domain of the unit tests: one deal, one commitment under it, and observations about that commitment.</summary>
static class Given
{
    public static readonly DateOnly Today = new(2025, 6, 15);
    public static readonly DateTimeOffset Now = new(2025, 6, 15, 12, 0, 0, TimeSpan.Zero);

    public static readonly Guid DealId = Guid.Parse("0197a000-0000-7000-8000-000000000001");
    public static readonly Guid CommitmentId = Guid.Parse("0197a000-0000-7000-8000-000000000002");
    public static readonly Guid AmendmentId = Guid.Parse("0197a000-0000-7000-8000-000000000003");

    public const string Drc = "Democratic Republic of the Congo";
    public const string Sinohydro = "Sinohydro";

    public static SourceInput SourceInput() =>
        new("https://www.example.org/reports/sicomines", "Example Monitor", new DateOnly(2024, 1, 10), "Sicomines at fifteen");

    public static Source Source() => SourceInput().ToSource();

    public static DealRegistered SicominesRegistered() => new(
        DealId, "Sicomines minerals-for-infrastructure deal",
        [new Party(Drc, PartyKind.State, "CD"), new Party(Sinohydro, PartyKind.Company, "CN")],
        "Copper and cobalt concessions in exchange for roads and hospitals.", new DateOnly(2008, 4, 22), [Source()]);

    public static Deal Sicomines() => Deal.Create(SicominesRegistered());

    public static Deal SicominesWithAmendment() => Sicomines().Apply(
        new DealAmended(DealId, AmendmentId, new DateOnly(2017, 10, 1), "Infrastructure tranche rescheduled", [Source()]));

    public static CommitmentMade RoadsPromised(decimal km = 3500m, DateOnly? dueOn = null) => new(
        CommitmentId, DealId, Sinohydro, Drc, "Build 3,500 km of roads", "roads", new Target(km, "km"),
        dueOn ?? new DateOnly(2025, 12, 31), Binding: true, MadeOn: new DateOnly(2008, 4, 22), [Source()]);

    /// <summary>100 km of road, made in 2020 and due at the end of 2025, unless told otherwise.</summary>
    public static Commitment Roads(decimal km = 100m, DateOnly? dueOn = null, bool noDueDate = false)
    {
        var made = RoadsPromised(km, dueOn) with { MadeOn = new DateOnly(2020, 1, 1) };
        return Commitment.Create(noDueDate ? made with { DueOn = null } : made);
    }

    public static CommitmentRevised Revised(DateOnly effectiveOn, decimal? km = null, DateOnly? dueOn = null) => new(
        CommitmentId, Guid.CreateVersion7(), km is { } amount ? new Target(amount, "km") : null, dueOn, effectiveOn, "Renegotiated",
        null, [Source()]);

    public static DeliveryClaimed Claimed(decimal km, DateOnly asOf) =>
        new(CommitmentId, Guid.CreateVersion7(), "Ministry of Infrastructure", km, asOf, [Source()]);

    public static Observation Observed(
        DateOnly observedOn, decimal? km, ModerationStatus status = ModerationStatus.Accepted, DateTimeOffset? submittedAt = null) => new(
        Guid.CreateVersion7(), CommitmentId, DealId, observedOn, Recorded.RouteWatchId, Recorded.RouteWatch,
        new Finding(km is null ? Assessment.UnableToVerify : Assessment.PartiallyDelivered, km), "Drove the road.", "en",
        new Location("Kolwezi", -10.7, 25.5), [], status, null, null, submittedAt ?? Now.AddDays(-1));

    /// <summary>
    /// The recorded facts of a commitment aggregate and observations, each recorded a day before <see cref="Now"/> in list
    /// order: the shape the status rules read.
    /// </summary>
    public static CommitmentFacts FactsOf(Commitment c, params Observation[] observations)
    {
        var recorded = Now.AddDays(-1);
        long sequence = 1;
        return new CommitmentFacts(c.Id, c.DealId, c.Promisor, c.Beneficiary, c.Title, c.Category, c.OriginalTarget, c.OriginalDueOn,
            c.Binding, c.MadeOn, recorded,
            [.. c.Revisions.Select(r => new RecordedRevision(r.Id, r.Target, r.DueOn, r.EffectiveOn, r.Reason, r.AmendmentId, recorded, ++sequence))],
            [.. c.Claims.Select(k => new RecordedClaim(k.Id, k.ClaimedBy, k.Amount, k.AsOf, recorded, ++sequence))],
            [.. observations.Select(o => new RecordedObservation(o.Id, o.ObservedOn, o.SubmittedAt, o.Finding.Assessment, o.Finding.Amount,
                recorded, o.Status, o.Status == ModerationStatus.Pending ? null : recorded) { OrganizationId = o.OrganizationId })],
            [], c.WithdrawnOn is { } w ? new RecordedWithdrawal(w, recorded) : null,
            [.. Enumerable.Repeat(recorded, 1 + c.Revisions.Count + c.Claims.Count + (c.WithdrawnOn is null ? 0 : 1))]);
    }
}
