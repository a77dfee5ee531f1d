using System.Globalization;
using Ledger.Commitments.Facts;
using Ledger.Commitments.Status;
using Ledger.Observations;
using Ledger.Observations.Corroborating;
using Ledger.UnitTests.Support;
using static Ledger.UnitTests.Support.Recorded;

namespace Ledger.UnitTests.Observations;

/// <summary>The corroboration rule: which accepted findings back each other, and which amount counts as verified.</summary>
public class corroborating_observations
{
    static readonly Guid Watch = Guid.Parse("0197a000-0000-7000-8000-0000000000a1");
    static readonly Guid Audit = Guid.Parse("0197a000-0000-7000-8000-0000000000a2");
    static readonly Guid Press = Guid.Parse("0197a000-0000-7000-8000-0000000000a3");

    static int _submitted;

    static RecordedObservation Finding(
        Guid organization, string observedOn, decimal? amount, Assessment assessment = Assessment.PartiallyDelivered)
    {
        var at = At(2025, 1, 1).AddMinutes(++_submitted);
        return new RecordedObservation(Guid.CreateVersion7(), DateOnly.Parse(observedOn, CultureInfo.InvariantCulture), at, assessment,
            amount, at, ModerationStatus.Accepted, at) { OrganizationId = organization };
    }

    static Verification Of(params RecordedObservation[] inObservedOrder) => Corroboration.Of(inObservedOrder);

    static decimal? Verified(params RecordedObservation[] inObservedOrder) => Corroboration.VerifiedAmount(inObservedOrder);

    [Fact]
    public void no_accepted_finding_is_unverified_and_unable_to_verify_takes_no_position()
    {
        Assert.Equal(Verification.Unverified, Of());
        Assert.Equal(Verification.Unverified, Of(
            Finding(Watch, "2024-01-01", null, Assessment.UnableToVerify), Finding(Audit, "2024-01-02", null, Assessment.UnableToVerify)));
        Assert.Equal(Verification.SingleSource, Of(
            Finding(Watch, "2024-01-01", 50m), Finding(Audit, "2024-01-02", 90m, Assessment.UnableToVerify)));
    }

    [Fact]
    public void two_organizations_with_the_same_assessment_and_amounts_within_ten_percent_corroborate()
    {
        Assert.Equal(Verification.Corroborated, Of(Finding(Watch, "2024-03-01", 100m), Finding(Audit, "2024-03-20", 110m)));
        Assert.Equal(Verification.Contested, Of(Finding(Watch, "2024-03-01", 100m), Finding(Audit, "2024-03-20", 111.2m)));
    }

    [Fact]
    public void an_amount_given_by_one_side_only_is_not_compared()
    {
        Assert.Equal(Verification.Corroborated, Of(Finding(Watch, "2024-03-01", 100m), Finding(Audit, "2024-03-02", null)));
    }

    [Fact]
    public void delivered_and_partially_delivered_disagree()
    {
        Assert.Equal(Verification.Contested, Of(
            Finding(Watch, "2024-03-01", 100m, Assessment.Delivered), Finding(Audit, "2024-03-02", 100m)));
        Assert.Equal(Verification.Contested, Of(
            Finding(Watch, "2024-03-01", null, Assessment.NotStarted), Finding(Audit, "2024-03-02", null, Assessment.NotDelivered)));
    }

    [Fact]
    public void one_organization_never_corroborates_or_contests_itself()
    {
        Assert.Equal(Verification.SingleSource, Of(Finding(Watch, "2024-03-01", 100m), Finding(Watch, "2024-03-02", 100m)));
        Assert.Equal(Verification.SingleSource, Of(
            Finding(Watch, "2024-03-01", 10m, Assessment.NotDelivered), Finding(Watch, "2024-03-02", 100m)));
        // Its two close figures are not a corroborated amount: the latest amount, the audit's, stands.
        Assert.Equal(90m, Verified(
            Finding(Watch, "2024-03-01", 40m), Finding(Watch, "2024-03-02", 41m), Finding(Audit, "2024-03-03", 90m)));
    }

    [Fact]
    public void each_organization_stands_by_its_latest_finding()
    {
        // The audit corrected itself: its earlier 30 no longer contests the watch's 100.
        Assert.Equal(Verification.Corroborated, Of(
            Finding(Audit, "2024-03-01", 30m), Finding(Watch, "2024-03-05", 100m), Finding(Audit, "2024-03-10", 102m)));
        // ... and a later word of its own undoes an agreement.
        Assert.Equal(Verification.Contested, Of(
            Finding(Audit, "2024-03-01", 100m), Finding(Watch, "2024-03-05", 100m), Finding(Audit, "2024-03-10", 30m)));
    }

    [Fact]
    public void findings_older_than_the_window_before_the_latest_neither_corroborate_nor_contest_it()
    {
        Assert.Equal(Verification.SingleSource, Of(Finding(Audit, "2023-01-01", 100m), Finding(Watch, "2023-04-02", 100m)));
        Assert.Equal(Verification.Corroborated, Of(Finding(Audit, "2023-01-01", 100m), Finding(Watch, "2023-04-01", 100m)));
        Assert.Equal(Verification.SingleSource, Of(Finding(Audit, "2020-01-01", 5m), Finding(Watch, "2024-04-01", 100m)));
    }

    [Fact]
    public void with_three_organizations_one_disagreement_is_contested_and_full_agreement_corroborated()
    {
        Assert.Equal(Verification.Contested, Of(
            Finding(Watch, "2024-03-01", 100m), Finding(Audit, "2024-03-02", 100m), Finding(Press, "2024-03-03", 60m)));
        Assert.Equal(Verification.Corroborated, Of(
            Finding(Watch, "2024-03-01", 100m), Finding(Audit, "2024-03-02", 105m), Finding(Press, "2024-03-03", null)));
        // Agreement is two by two: 100 ~ 109 and 109 ~ 118, but 100 and 118 are more than 10 % apart.
        Assert.Equal(Verification.Contested, Of(
            Finding(Watch, "2024-03-01", 100m), Finding(Audit, "2024-03-02", 109m), Finding(Press, "2024-03-03", 118m)));
    }

    [Fact]
    public void verified_is_the_latest_amount_when_nothing_is_corroborated()
    {
        Assert.Null(Verified());
        Assert.Equal(60m, Verified(Finding(Watch, "2024-01-01", 40m), Finding(Watch, "2024-02-01", 60m)));
        Assert.Equal(20m, Verified(Finding(Watch, "2024-01-01", 40m), Finding(Audit, "2024-02-01", 20m)));
        // An unable-to-verify observation's amount still counts when it is the latest, as before corroboration.
        Assert.Equal(7m, Verified(Finding(Watch, "2024-01-01", 40m), Finding(Watch, "2024-02-01", 7m, Assessment.UnableToVerify)));
    }

    [Fact]
    public void verified_takes_the_latest_corroborated_amount_before_a_newer_single_source_one()
    {
        var corroborated = new[] { Finding(Watch, "2024-01-01", 40m), Finding(Audit, "2024-01-15", 42m) };
        Assert.Equal(42m, Verified(corroborated));
        Assert.Equal(42m, Verified([.. corroborated, Finding(Watch, "2024-06-01", 90m)]));
        // A second organization within the window agreeing with the 90 makes it the corroborated amount.
        Assert.Equal(88m, Verified([.. corroborated, Finding(Watch, "2024-06-01", 90m), Finding(Press, "2024-06-03", 88m)]));
        // Agreement on the assessment without a second amount corroborates no amount.
        Assert.Equal(42m, Verified([.. corroborated, Finding(Watch, "2024-06-01", 90m), Finding(Press, "2024-06-03", null)]));
    }

    [Fact]
    public void the_status_shows_the_verification_as_known_at_each_instant()
    {
        var log = new EventLog();
        log.Record(RoadsMade(km: 100m, noDueDate: true), At(2024, 1, 1));
        var watch = Submitted(new DateOnly(2024, 3, 1), 40m, At(2024, 3, 2));
        var audit = Submitted(new DateOnly(2024, 3, 10), 44m, At(2024, 3, 11)) with { OrganizationId = Audit, OrganizationName = "Audit" };
        var press = Submitted(new DateOnly(2024, 3, 12), 70m, At(2024, 3, 13)) with { OrganizationId = Press, OrganizationName = "Press" };
        log.Record(watch, At(2024, 3, 2));
        log.Record(Accepted(watch, new DateOnly(2024, 3, 3)), At(2024, 3, 3));
        log.Record(audit, At(2024, 3, 11));
        log.Record(Accepted(audit, new DateOnly(2024, 3, 12)), At(2024, 3, 12));
        log.Record(press, At(2024, 3, 13));
        log.Record(Accepted(press, new DateOnly(2024, 3, 14)), At(2024, 3, 14));
        var facts = log.Facts();

        CommitmentStatus Status(DateTimeOffset? knownAt, string asOf = "2024-06-01") =>
            CommitmentStatus.Of(facts, DateOnly.Parse(asOf, CultureInfo.InvariantCulture), knownAt)!;

        Assert.Equal(Verification.Unverified, Status(At(2024, 3, 2)).Verification);
        Assert.Equal((Verification.SingleSource, 40m), (Status(At(2024, 3, 11)).Verification, Status(At(2024, 3, 11)).Verified));
        Assert.Equal((Verification.Corroborated, 44m), (Status(At(2024, 3, 12)).Verification, Status(At(2024, 3, 12)).Verified));
        // The press's 70 contests the agreement; the corroborated 44 stays the verified amount.
        Assert.Equal((Verification.Contested, 44m), (Status(null).Verification, Status(null).Verified));
        // On the world's axis too: as of 11 March, only the watch's and the audit's findings had been observed.
        Assert.Equal(Verification.Corroborated, Status(null, asOf: "2024-03-11").Verification);
    }
}
