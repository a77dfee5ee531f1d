using Ledger.Observations;
using Ledger.Observations.Sealing;
using Ledger.Observations.Submitting;
using Ledger.UnitTests.Support;
using Wolverine.Marten;

namespace Ledger.UnitTests.Observations;

/// <summary>The one handler every submission reaches (REST route, web form, seeds), given what Wolverine loaded for it.</summary>
public class handling_a_submission
{
    static readonly FixedClock Clock = new(Given.Now);
    static readonly ObservationSealing Sealing = TestSealing.Sealing();

    static SubmitObservationCommand Command(SubmitObservation? request = null, Guid? id = null) => new(
        Given.CommitmentId, id ?? Guid.CreateVersion7(),
        request ?? new SubmitObservation(Given.Today.AddDays(-3), new FindingInput(Assessment.Delivered, 100m),
            "Seen paved.", "en", null, null),
        Parsed.Curator);

    [Fact]
    public void a_valid_submission_starts_the_observations_stream_under_the_id_it_was_given()
    {
        var command = Command();

        var (outcome, op, key, _, _) = SubmitObservationHandler.Plan(command, Given.Roads(), existing: null, null, null, Sealing, Clock);

        var start = Assert.IsAssignableFrom<IStartStream>(op);
        Assert.Equal(command.ObservationId, start.StreamId);
        var submitted = Assert.IsType<ObservationSubmitted>(Assert.Single(start.Events));
        Assert.Equal((command.ObservationId, Given.CommitmentId, Parsed.Curator.OrganizationName, Given.Now),
            (submitted.ObservationId, submitted.CommitmentId, submitted.OrganizationName, submitted.SubmittedAt));
        Assert.Equal(new ObservationRecorded(command.ObservationId, 1, AlreadyRecorded: false), outcome.Appended);
        Assert.Null(outcome.Refusal);
    }

    [Fact]
    public void an_id_already_recorded_appends_nothing_and_names_the_observation_recorded()
    {
        var existing = Given.Observed(Given.Today.AddDays(-3), 100m, ModerationStatus.Pending);

        var (outcome, op, key, _, _) = SubmitObservationHandler.Plan(Command(id: existing.Id), Given.Roads(), existing, null, null, Sealing, Clock);

        Assert.IsNotAssignableFrom<IStartStream>(op);
        Assert.Equal(new ObservationRecorded(existing.Id, 1, AlreadyRecorded: true), outcome.Appended);
    }

    [Fact]
    public void a_new_submission_stores_the_digest_of_its_request_with_it()
    {
        var command = Command();

        var (_, _, _, _, request) = SubmitObservationHandler.Plan(command, Given.Roads(), null, null, null, Sealing, Clock);

        var stored = Assert.IsType<SubmittedRequest>(Assert.IsType<InsertDoc<SubmittedRequest>>(request).Document);
        Assert.Equal(new SubmittedRequest(command.ObservationId, SubmittedRequest.DigestOf(command)), stored);
    }

    [Fact]
    public void a_resubmission_is_told_apart_by_its_digest_the_same_request_another_or_unknown()
    {
        var existing = Given.Observed(Given.Today.AddDays(-3), 100m, ModerationStatus.Pending);
        var command = Command(id: existing.Id);
        var changed = command with { Request = command.Request with { Narrative = "Seen half paved." } };
        var record = new SubmittedRequest(existing.Id, SubmittedRequest.DigestOf(command));

        bool? SameRequest(SubmitObservationCommand sent, SubmittedRequest? stored) =>
            SubmitObservationHandler.Plan(sent, Given.Roads(), existing, stored, null, Sealing, Clock).Item1.Appended!.SameRequest;

        Assert.Equal((true, false, null), (SameRequest(command, record), SameRequest(changed, record), SameRequest(command, null)));
        Assert.NotEqual(SubmittedRequest.DigestOf(command), SubmittedRequest.DigestOf(changed));
    }

    [Fact]
    public void a_refused_submission_appends_nothing_and_says_why()
    {
        var (outcome, op, key, _, _) = SubmitObservationHandler.Plan(
            Command(new SubmitObservation(null, null, "", "en", null, null)), Given.Roads(), existing: null, null, null, Sealing, Clock);

        Assert.IsNotAssignableFrom<IStartStream>(op);
        Assert.Null(outcome.Appended);
        ProblemAssert.InvalidFields(outcome.Refusal!, "observedOn", "finding", "narrative");
    }

    [Fact]
    public void the_observer_named_for_a_seeded_finding_is_the_observations_organization_not_its_recorder()
    {
        var auditor = Parsed.Curator with { OrganizationId = Guid.CreateVersion7(), OrganizationName = "State audit" };

        var (_, op, _, _, _) = SubmitObservationHandler.Plan(Command() with { ObservedBy = auditor }, Given.Roads(), null, null, null, Sealing, Clock);

        var submitted = Assert.IsType<ObservationSubmitted>(Assert.Single(Assert.IsAssignableFrom<IStartStream>(op).Events));
        Assert.Equal((auditor.OrganizationId, "State audit"), (submitted.OrganizationId, submitted.OrganizationName));
    }
}
