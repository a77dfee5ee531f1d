using Ledger.Commitments;
using Ledger.Commitments.Facts;
using Ledger.Commitments.Gaps;
using Ledger.Deals;
using Ledger.Observations;
using Ledger.UnitTests.Support;
using static Ledger.UnitTests.Support.Recorded;

namespace Ledger.UnitTests.Commitments;

public class folding_commitment_facts
{
    static readonly DateTimeOffset Yesterday = Given.Now.AddDays(-1);
    static readonly DateOnly LastMonth = Given.Today.AddMonths(-1);

    [Fact]
    public void a_commitments_events_fold_into_the_facts_the_status_rules_read()
    {
        var made = Given.RoadsPromised(100m);
        var revised = Given.Revised(LastMonth, km: 80m);
        var claimed = Given.Claimed(30m, LastMonth);
        var seen = Submitted(LastMonth, 25m, submittedAt: Yesterday.AddHours(-2));
        var accepted = Accepted(seen, Given.Today.AddDays(-1));
        var log = new EventLog();
        foreach (var data in new object[] { made, revised, claimed, seen, accepted }) log.Record(data, Yesterday);

        var expected = Given.FactsOf(Commitment.Create(made).Apply(revised).Apply(claimed), Observation.Create(seen).Apply(accepted));

        AssertSameFacts(expected, log.Facts());
    }

    [Fact]
    public void the_commitment_made_sets_what_was_promised_and_when_it_was_recorded()
    {
        var made = Given.RoadsPromised(3500m);
        var at = At(2008, 5, 1);

        var facts = CommitmentFacts.Fold(null, new EventLog().Record(made, at))!;

        Assert.Equal((Given.CommitmentId, Given.DealId, Given.Sinohydro, Given.Drc), (facts.Id, facts.DealId, facts.Promisor, facts.Beneficiary));
        Assert.Equal((made.Title, made.Category, made.Target, made.DueOn), (facts.Title, facts.Category, facts.OriginalTarget, facts.OriginalDueOn));
        Assert.Equal((true, made.MadeOn, at), (facts.Binding, facts.MadeOn, facts.RecordedAt));
        Assert.Equal("km", facts.Unit);
        Assert.Equal([at], facts.StreamEventTimes);
        Assert.Empty(facts.Revisions);
        Assert.Empty(facts.Claims);
        Assert.Empty(facts.Observations);
        Assert.Empty(facts.DeadlinesPassed);
        Assert.Null(facts.Withdrawal);
    }

    [Fact]
    public void revisions_and_claims_keep_their_recorded_instant_and_sequence()
    {
        var log = new EventLog();
        log.Record(RoadsMade(), At(2020, 2, 1));
        var revised = Given.Revised(new DateOnly(2022, 1, 1), km: 60m, dueOn: new DateOnly(2026, 1, 1));
        log.Record(revised, At(2024, 3, 1));
        var claimed = Given.Claimed(45m, new DateOnly(2023, 1, 1));
        log.Record(claimed, At(2024, 4, 1));

        var facts = log.Facts();

        Assert.Equal(new RecordedRevision(revised.RevisionId, revised.Target, revised.DueOn, revised.EffectiveOn, revised.Reason, null, At(2024, 3, 1), 2),
            Assert.Single(facts.Revisions));
        Assert.Equal(new RecordedClaim(claimed.ClaimId, claimed.ClaimedBy, 45m, claimed.AsOf, At(2024, 4, 1), 3), Assert.Single(facts.Claims));
    }

    [Fact]
    public void events_fold_in_sequence_order_whatever_order_they_are_given_in()
    {
        var log = new EventLog();
        log.Record(RoadsMade(), At(2020, 2, 1));
        log.Record(Given.Revised(new DateOnly(2022, 1, 1), km: 60m), At(2022, 1, 2));
        log.Record(Given.Revised(new DateOnly(2022, 1, 1), km: 70m), At(2022, 1, 3));
        log.Record(Given.Claimed(10m, new DateOnly(2022, 2, 1)), At(2022, 2, 2));

        var shuffled = CommitmentFacts.FoldAll([log.Events[2], log.Events[0], log.Events[3], log.Events[1]])!;

        AssertSameFacts(log.Facts(), shuffled);
        Assert.Equal([60m, 70m], shuffled.Revisions.Select(r => r.Target!.Amount));
    }

    [Fact]
    public void events_before_the_commitment_was_made_change_nothing()
    {
        var log = new EventLog();
        var early = log.Record(Given.Claimed(10m, new DateOnly(2019, 1, 1)), At(2020, 1, 1));
        log.Record(Submitted(new DateOnly(2019, 6, 1), 5m, At(2020, 1, 2)), At(2020, 1, 2));
        log.Record(RoadsMade(), At(2020, 2, 1));
        log.Record(Given.Claimed(20m, new DateOnly(2021, 1, 1)), At(2021, 1, 2));

        Assert.Null(CommitmentFacts.Fold(null, early));
        var facts = log.Facts();
        Assert.Equal(20m, Assert.Single(facts.Claims).Amount);
        Assert.Empty(facts.Observations);
        Assert.Equal(At(2020, 2, 1), facts.RecordedAt);
        Assert.Equal([At(2020, 2, 1), At(2021, 1, 2)], facts.StreamEventTimes);
    }

    [Fact]
    public void without_the_commitment_made_there_are_no_facts()
    {
        var log = new EventLog();
        log.Record(Given.Claimed(10m, new DateOnly(2019, 1, 1)), At(2020, 1, 1));

        Assert.Null(CommitmentFacts.FoldAll(log.Events));
        Assert.Null(CommitmentFacts.FoldAll([]));
    }

    [Fact]
    public void moderation_decisions_attach_to_the_observation_they_decide()
    {
        var log = new EventLog();
        log.Record(RoadsMade(), At(2020, 2, 1));
        var first = Submitted(new DateOnly(2022, 1, 1), 10m, At(2022, 1, 5));
        var second = Submitted(new DateOnly(2022, 2, 1), 20m, At(2022, 2, 5));
        var third = Submitted(new DateOnly(2022, 3, 1), 30m, At(2022, 3, 5));
        log.Record(first, At(2022, 1, 5));
        log.Record(second, At(2022, 2, 5));
        log.Record(third, At(2022, 3, 5));
        log.Record(Accepted(second, new DateOnly(2022, 4, 1)), At(2022, 4, 1));
        log.Record(Rejected(first, new DateOnly(2022, 4, 2)), At(2022, 4, 2));

        var facts = log.Facts();

        Assert.Equal(
            [
                new RecordedObservation(first.ObservationId, first.ObservedOn, At(2022, 1, 5), Assessment.PartiallyDelivered, 10m, At(2022, 1, 5),
                    ModerationStatus.Rejected, At(2022, 4, 2)) { OrganizationId = RouteWatchId },
                new RecordedObservation(second.ObservationId, second.ObservedOn, At(2022, 2, 5), Assessment.PartiallyDelivered, 20m, At(2022, 2, 5),
                    ModerationStatus.Accepted, At(2022, 4, 1)) { OrganizationId = RouteWatchId },
                new RecordedObservation(third.ObservationId, third.ObservedOn, At(2022, 3, 5), Assessment.PartiallyDelivered, 30m, At(2022, 3, 5),
                    ModerationStatus.Pending, null) { OrganizationId = RouteWatchId },
            ],
            facts.Observations);
    }

    [Fact]
    public void a_decision_about_an_observation_not_folded_changes_no_observation()
    {
        var log = new EventLog();
        log.Record(RoadsMade(), At(2020, 2, 1));
        var seen = Submitted(new DateOnly(2022, 1, 1), 10m, At(2022, 1, 5));
        log.Record(seen, At(2022, 1, 5));
        log.Record(Accepted(Submitted(new DateOnly(2022, 1, 1), 99m, At(2022, 1, 6)), new DateOnly(2022, 1, 7)), At(2022, 1, 7));

        var observation = Assert.Single(log.Facts().Observations);

        Assert.Equal((seen.ObservationId, ModerationStatus.Pending, (DateTimeOffset?)null), (observation.Id, observation.Decision, observation.DecidedAt));
    }

    [Theory]
    [InlineData(null, ModerationStatus.Accepted)]
    [InlineData("2022-04-01T12:00:00Z", ModerationStatus.Accepted)]
    [InlineData("2022-04-01T11:59:59Z", ModerationStatus.Pending)]
    public void a_decision_is_known_from_the_instant_it_was_recorded(string? knownAt, ModerationStatus expected)
    {
        var observation = new RecordedObservation(Guid.NewGuid(), new DateOnly(2022, 1, 1), At(2022, 1, 5), Assessment.Delivered, 10m,
            At(2022, 1, 5), ModerationStatus.Accepted, At(2022, 4, 1));

        Assert.Equal(expected, observation.StatusKnownAt(
            knownAt is null ? null : DateTimeOffset.Parse(knownAt, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void deadlines_passed_and_withdrawals_are_recorded_with_their_instant()
    {
        var log = new EventLog();
        log.Record(RoadsMade(), At(2020, 2, 1));
        log.Record(new DeadlinePassed(Given.CommitmentId, new DateOnly(2023, 12, 31), 100m, 0m), At(2024, 1, 1, hour: 0));
        log.Record(Withdrawn(new DateOnly(2024, 2, 1)), At(2024, 2, 3));

        var facts = log.Facts();

        Assert.Equal(new RecordedDeadline(new DateOnly(2023, 12, 31), At(2024, 1, 1, hour: 0)), Assert.Single(facts.DeadlinesPassed));
        Assert.Equal(new RecordedWithdrawal(new DateOnly(2024, 2, 1), At(2024, 2, 3)), facts.Withdrawal);
    }

    [Fact]
    public void only_the_commitments_own_events_count_in_its_stream()
    {
        var log = new EventLog();
        log.Record(RoadsMade(), At(2020, 2, 1));
        var seen = Submitted(new DateOnly(2022, 1, 1), 10m, At(2022, 1, 5));
        log.Record(seen, At(2022, 1, 5));
        log.Record(Accepted(seen, new DateOnly(2022, 1, 6)), At(2022, 1, 6));
        log.Record(new DeadlinePassed(Given.CommitmentId, new DateOnly(2023, 12, 31), 100m, 10m), At(2024, 1, 1, hour: 0));

        Assert.Equal([At(2020, 2, 1), At(2024, 1, 1, hour: 0)], log.Facts().StreamEventTimes);
        Assert.Equal(2, log.Facts().VersionKnownAt(null));
    }

    [Fact]
    public void events_of_other_kinds_change_nothing()
    {
        var log = new EventLog();
        var facts = CommitmentFacts.Fold(null, log.Record(RoadsMade(), At(2020, 2, 1)));

        var amended = CommitmentFacts.Fold(facts,
            log.Record(new DealAmended(Given.DealId, Given.AmendmentId, new DateOnly(2021, 1, 1), "Rescheduled", [Given.Source()]), At(2021, 1, 2)));
        var madeAgain = CommitmentFacts.Fold(facts, log.Record(RoadsMade(km: 1m), At(2021, 1, 3)));

        Assert.Same(facts, amended);
        Assert.Same(facts, madeAgain);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(50)]
    public void folding_a_run_of_events_gives_the_facts_folding_them_one_at_a_time_gives(int runLength)
    {
        var log = new EventLog();
        log.Record(Given.Claimed(1m, new DateOnly(2019, 1, 1)), At(2020, 1, 1));
        log.Record(RoadsMade(), At(2020, 2, 1));
        var first = Submitted(new DateOnly(2022, 1, 1), 10m, At(2022, 1, 5));
        var second = Submitted(new DateOnly(2022, 2, 1), 20m, At(2022, 2, 5));
        log.Record(first, At(2022, 1, 5));
        log.Record(Given.Revised(new DateOnly(2022, 1, 1), km: 60m), At(2022, 1, 6));
        log.Record(Accepted(first, new DateOnly(2022, 1, 7)), At(2022, 1, 7));
        log.Record(second, At(2022, 2, 5));
        log.Record(Given.Claimed(30m, new DateOnly(2022, 2, 1)), At(2022, 2, 6));
        log.Record(Rejected(second, new DateOnly(2022, 2, 7)), At(2022, 2, 7));
        log.Record(Rejected(first, new DateOnly(2022, 2, 8)), At(2022, 2, 8));
        log.Record(new DeadlinePassed(Given.CommitmentId, new DateOnly(2023, 12, 31), 60m, 0m), At(2024, 1, 1, hour: 0));
        log.Record(Withdrawn(new DateOnly(2024, 2, 1)), At(2024, 2, 3));
        log.Record(Submitted(new DateOnly(2024, 3, 1), 40m, At(2024, 3, 5)), At(2024, 3, 5));
        var oneAtATime = log.Events.Aggregate((CommitmentFacts?)null, CommitmentFacts.Fold)!;

        var inRuns = log.Events.Chunk(runLength).Aggregate((CommitmentFacts?)null, (facts, run) => CommitmentFacts.Fold(facts, run))!;

        AssertSameFacts(oneAtATime, inRuns);
        Assert.Equal([ModerationStatus.Rejected, ModerationStatus.Rejected, ModerationStatus.Pending], inRuns.Observations.Select(o => o.Decision));
    }

    [Fact]
    public void folding_a_run_leaves_the_facts_it_started_from_as_they_were()
    {
        var log = new EventLog();
        log.Record(RoadsMade(), At(2020, 2, 1));
        var seen = Submitted(new DateOnly(2022, 1, 1), 10m, At(2022, 1, 5));
        log.Record(seen, At(2022, 1, 5));
        var before = log.Facts();
        var observations = before.Observations.ToList();

        var after = CommitmentFacts.Fold(before, [
            log.Record(Accepted(seen, new DateOnly(2022, 1, 6)), At(2022, 1, 6)),
            log.Record(Submitted(new DateOnly(2022, 2, 1), 20m, At(2022, 2, 5)), At(2022, 2, 5)),
            log.Record(Given.Claimed(5m, new DateOnly(2022, 2, 1)), At(2022, 2, 6)),
        ])!;

        Assert.Equal(observations, before.Observations);
        Assert.Empty(before.Claims);
        Assert.Equal([At(2020, 2, 1)], before.StreamEventTimes);
        Assert.Equal([ModerationStatus.Accepted, ModerationStatus.Pending], after.Observations.Select(o => o.Decision));
        Assert.Single(after.Claims);
    }

    [Fact]
    public void a_run_of_events_of_other_kinds_returns_the_same_facts()
    {
        var log = new EventLog();
        var facts = CommitmentFacts.Fold(null, log.Record(RoadsMade(), At(2020, 2, 1)));

        var folded = CommitmentFacts.Fold(facts, [
            log.Record(new DealAmended(Given.DealId, Given.AmendmentId, new DateOnly(2021, 1, 1), "Rescheduled", [Given.Source()]), At(2021, 1, 2)),
            log.Record(RoadsMade(km: 1m), At(2021, 1, 3)),
        ]);

        Assert.Same(facts, folded);
        Assert.Null(CommitmentFacts.Fold(null, [log.Events[1]]));
    }

    static readonly CommitmentFacts Blank = Given.FactsOf(Given.Roads());

    static void AssertSameFacts(CommitmentFacts expected, CommitmentFacts actual)
    {
        Assert.Equal(expected.Revisions, actual.Revisions);
        Assert.Equal(expected.Claims, actual.Claims);
        Assert.Equal(expected.Observations, actual.Observations);
        Assert.Equal(expected.DeadlinesPassed, actual.DeadlinesPassed);
        Assert.Equal(expected.StreamEventTimes, actual.StreamEventTimes);
        Assert.Equal(WithoutLists(expected), WithoutLists(actual));
    }

    /// <summary>The scalar facts: records compare their lists by reference, so the lists are compared apart.</summary>
    static CommitmentFacts WithoutLists(CommitmentFacts f) => f with
    {
        Revisions = Blank.Revisions, Claims = Blank.Claims, Observations = Blank.Observations, DeadlinesPassed = Blank.DeadlinesPassed,
        StreamEventTimes = Blank.StreamEventTimes,
    };
}
