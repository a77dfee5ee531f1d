using Ledger.Observations;
using Ledger.Observations.Sealing;
using Ledger.Observations.Submitting;
using Ledger.Organizations;
using Ledger.Organizations.Keys;
using Ledger.UnitTests.Support;
using Microsoft.AspNetCore.Mvc;

namespace Ledger.UnitTests.Observations;

public class submitting_an_observation
{
    const string Sha = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    static readonly FixedClock Clock = new(Given.Now);
    static readonly Ledger.Observations.Sealing.Sealed Sealed = new("bm9uY2U=", "c2VhbGVk");

    static readonly Caller Observer = new(Guid.Parse("0197a000-0000-7000-8000-0000000000aa"), "Route watch", "key-1", Role.Observer);

    static SubmitObservation Visit() => new(
        ObservedOn: Given.Today.AddDays(-3),
        Finding: new FindingInput(Assessment.PartiallyDelivered, 42.5m),
        Narrative: "Drove the Kolwezi–Likasi section; 42.5 km paved.",
        Language: "en",
        Location: new LocationInput("Kolwezi", -10.7148, 25.4667),
        Evidence: [new EvidenceInput(Sha, "image/jpeg", "https://photos.example.org/1.jpg", "Paved section at km 12")]);

    static SubmitObservation WithEvidence(EvidenceInput? evidence) => Visit() with { Evidence = [evidence] };

    /// <summary>What a door and the handler together say of a request: its field errors, else the commitment's rules.</summary>
    static ProblemDetails Validate(SubmitObservation request, FixedClock? clock = null)
    {
        var today = DateOnly.FromDateTime((clock ?? Clock).GetUtcNow().UtcDateTime);
        return SubmitObservationHandler.Check(request, Given.Roads(), null, Observer, today).Problem;
    }

    static ObservationSubmitted Decide(
        SubmitObservation request, Ledger.Commitments.Commitment commitment, Caller by, Guid id, DateTimeOffset now)
    {
        return SubmitObservationHandler.Decide(id, Parsed.Valid(request.Parse(Given.Today)), commitment, by, now, Sealed);
    }

    [Fact]
    public void a_complete_observation_passes() => ProblemAssert.NoProblems(Validate(Visit()));

    [Fact]
    public void an_observation_without_location_evidence_or_amount_passes() =>
        ProblemAssert.NoProblems(Validate(Visit() with
        {
            Location = null, Evidence = null, Finding = new FindingInput(Assessment.UnableToVerify, null),
        }));

    [Fact]
    public void an_observation_of_an_unknown_commitment_is_not_found()
    {
        var commitmentId = Guid.CreateVersion7();
        var command = new SubmitObservationCommand(commitmentId, Guid.CreateVersion7(), Visit(), Observer);
        var (outcome, _, _, _, _) = SubmitObservationHandler.Plan(command, null, null, null, null, TestSealing.Sealing(), Clock);
        ProblemAssert.NotFound(outcome.Refusal!, commitmentId);
    }

    [Fact]
    public void tomorrow_is_allowed_for_observers_already_living_in_it() =>
        ProblemAssert.NoProblems(Validate(Visit() with { ObservedOn = Given.Today.AddDays(1) }));

    [Fact]
    public void an_observation_dated_more_than_a_day_ahead_is_rejected()
    {
        var errors = ProblemAssert.InvalidFields(Validate(Visit() with { ObservedOn = Given.Today.AddDays(2) }), "observedOn");
        Assert.Equal(["must not be in the future"], errors["observedOn"]);
    }

    [Fact]
    public void the_future_is_judged_by_the_clock_given()
    {
        var command = Visit() with { ObservedOn = Given.Today.AddDays(5) };

        ProblemAssert.NoProblems(Validate(command, new FixedClock(Given.Now.AddDays(4))));
    }

    [Fact]
    public void an_observation_long_before_the_commitment_was_made_is_rejected()
    {
        var madeOn = Given.Roads().MadeOn;

        ProblemAssert.InvalidFields(Validate(Visit() with { ObservedOn = madeOn.AddYears(-1).AddDays(-1) }), "observedOn");
        ProblemAssert.NoProblems(Validate(Visit() with { ObservedOn = madeOn.AddYears(-1) }));
    }

    [Fact]
    public void a_missing_observation_date_is_named() =>
        ProblemAssert.InvalidFields(Validate(Visit() with { ObservedOn = null }), "observedOn");

    [Theory]
    [InlineData(90.0001, "location.lat")]
    [InlineData(-90.0001, "location.lat")]
    [InlineData(null, "location")]
    public void a_latitude_outside_the_globe_or_missing_is_named(double? lat, string field) =>
        ProblemAssert.InvalidFields(Validate(Visit() with { Location = new LocationInput("Kolwezi", lat, 25.4667) }), field);

    [Theory]
    [InlineData(180.5, "location.lon")]
    [InlineData(-181.0, "location.lon")]
    [InlineData(null, "location")]
    public void a_longitude_outside_the_globe_or_missing_is_named(double? lon, string field) =>
        ProblemAssert.InvalidFields(Validate(Visit() with { Location = new LocationInput("Kolwezi", -10.7148, lon) }), field);

    [Fact]
    public void the_edges_of_the_globe_are_on_it()
    {
        ProblemAssert.NoProblems(Validate(Visit() with { Location = new LocationInput("North Pole", 90, 180) }));
        ProblemAssert.NoProblems(Validate(Visit() with { Location = new LocationInput("Somewhere", -90, -180) }));
    }

    [Fact]
    public void a_place_without_coordinates_passes_but_a_location_needs_a_place()
    {
        ProblemAssert.NoProblems(Validate(Visit() with { Location = new LocationInput("Kolwezi", null, null) }));
        ProblemAssert.InvalidFields(Validate(Visit() with { Location = new LocationInput(" ", -10.7, 25.5) }), "location.place");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a0")]
    [InlineData("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08a")]
    [InlineData("gf86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")]
    [InlineData(" 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a0")]
    public void a_sha256_that_is_not_64_hex_digits_is_named(string? sha256) =>
        ProblemAssert.InvalidFields(Validate(WithEvidence(new EvidenceInput(sha256, "image/jpeg", null, null))), "evidence[0].sha256");

    [Fact]
    public void an_uppercase_sha256_passes() =>
        ProblemAssert.NoProblems(Validate(WithEvidence(new EvidenceInput(Sha.ToUpperInvariant(), "image/jpeg", null, null))));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("jpeg")]
    [InlineData("image/jpeg/extra")]
    public void a_media_type_without_exactly_one_slash_is_named(string? mediaType) =>
        ProblemAssert.InvalidFields(Validate(WithEvidence(new EvidenceInput(Sha, mediaType, null, null))), "evidence[0].mediaType");

    [Fact]
    public void an_overlong_media_type_is_named() =>
        ProblemAssert.InvalidFields(Validate(WithEvidence(new EvidenceInput(Sha, "image/" + new string('x', 95), null, null))),
            "evidence[0].mediaType");

    [Theory]
    [InlineData("ftp://photos.example.org/1.jpg")]
    [InlineData("photos/1.jpg")]
    [InlineData("file:///home/observer/1.jpg")]
    public void an_evidence_url_that_is_not_absolute_http_is_named(string url) =>
        ProblemAssert.InvalidFields(Validate(WithEvidence(new EvidenceInput(Sha, "image/jpeg", url, null))), "evidence[0].url");

    [Fact]
    public void a_null_evidence_item_is_named_by_its_position() =>
        ProblemAssert.InvalidFields(Validate(Visit() with { Evidence = [Visit().Evidence![0], null] }), "evidence[1]");

    [Fact]
    public void more_than_fifty_pieces_of_evidence_are_refused()
    {
        var item = new EvidenceInput(Sha, "image/jpeg", null, null);

        ProblemAssert.NoProblems(Validate(Visit() with { Evidence = [.. Enumerable.Repeat(item, 50)] }));
        ProblemAssert.InvalidFields(Validate(Visit() with { Evidence = [.. Enumerable.Repeat(item, 51)] }), "evidence");
    }

    [Fact]
    public void a_missing_finding_is_named() => ProblemAssert.InvalidFields(Validate(Visit() with { Finding = null }), "finding");

    [Fact]
    public void a_finding_needs_an_assessment_and_no_negative_amount() =>
        ProblemAssert.InvalidFields(Validate(Visit() with { Finding = new FindingInput(null, -1m) }), "finding.assessment", "finding.amount");

    [Theory]
    [InlineData(null)]
    [InlineData("English")]
    [InlineData("EN")]
    [InlineData("e")]
    public void a_language_that_is_not_a_tag_is_named(string? language) =>
        ProblemAssert.InvalidFields(Validate(Visit() with { Language = language }), "language");

    [Fact]
    public void every_bad_field_is_named_in_one_answer() =>
        ProblemAssert.InvalidFields(
            Validate(new SubmitObservation(Given.Today.AddDays(3), null, "", "en_GB", new LocationInput("", 100, null),
                [new EvidenceInput("x", "jpeg", "ftp://x", null)])),
            "observedOn", "finding", "narrative", "language", "location.place", "location", "location.lat",
            "evidence[0].sha256", "evidence[0].mediaType", "evidence[0].url");

    [Fact]
    public void the_decision_records_the_callers_organization_and_the_moment_of_submission()
    {
        var observationId = Guid.CreateVersion7();
        var commitment = Given.Roads();

        var submitted = Decide(Visit() with { Narrative = "  42.5 km paved.\n" }, commitment, Observer, observationId,
            Given.Now);

        Assert.Equal(observationId, submitted.ObservationId);
        Assert.Equal(commitment.Id, submitted.CommitmentId);
        Assert.Equal(commitment.DealId, submitted.DealId);
        Assert.Equal(Observer.OrganizationId, submitted.OrganizationId);
        Assert.Equal("Route watch", submitted.OrganizationName);
        Assert.Equal(Given.Now, submitted.SubmittedAt);
        Assert.Equal(Given.Today.AddDays(-3), submitted.ObservedOn);
        Assert.Equal(submitted.ObservedOn, submitted.OccurredOn);
        Assert.Equal(new Finding(Assessment.PartiallyDelivered, 42.5m), submitted.Finding);
        Assert.Equal("en", submitted.Language);
        Assert.Empty(submitted.Sources);
    }

    [Fact]
    public void the_decision_keeps_the_observers_details_only_sealed()
    {
        var request = Visit() with { Narrative = "  42.5 km paved.\n", Observer = " Marcheur 7 ", Contact = "+243 81 234 5678" };
        var parsed = Parsed.Valid(request.Parse(Given.Today));

        var submitted = SubmitObservationHandler.Decide(
            Guid.CreateVersion7(), parsed, Given.Roads(), Observer, Given.Now, Sealed);

        var d = parsed.Details;
        Assert.Equal(("42.5 km paved.", -10.7148, 25.4667, "Marcheur 7", "+243 81 234 5678"),
            (d.Narrative, d.Lat!.Value, d.Lon!.Value, d.Observer, d.Contact));
        Assert.Equal(["https://photos.example.org/1.jpg"], parsed.Details.EvidenceUrls);
        Assert.Same(Sealed, submitted.Sealed);
        Assert.Null(submitted.Narrative);
        Assert.Equal(new Location("Kolwezi", null, null), submitted.Location);
        Assert.Null(Assert.Single(submitted.Evidence).Url);
        Assert.Equal("Paved section at km 12", submitted.Evidence[0].Title);
        Assert.Null(submitted.Observer);
        Assert.Null(submitted.Contact);
    }

    [Fact]
    public void the_decision_records_the_sha256_in_lowercase()
    {
        var command = WithEvidence(new EvidenceInput(Sha.ToUpperInvariant(), " image/jpeg ", " https://photos.example.org/1.jpg ", " Km 12 "));

        var submitted = Decide(command, Given.Roads(), Observer, Guid.CreateVersion7(), Given.Now);

        Assert.Equal(new Evidence(Sha, "image/jpeg", null, "Km 12"), Assert.Single(submitted.Evidence));
        Assert.Equal(["https://photos.example.org/1.jpg"], Parsed.Valid(command.Parse(Given.Today)).Details.EvidenceUrls);
    }

    [Fact]
    public void the_decision_records_a_blank_evidence_url_or_title_as_absent()
    {
        ProblemAssert.NoProblems(Validate(WithEvidence(new EvidenceInput(Sha, "image/jpeg", "  ", " "))));

        var submitted = Decide(WithEvidence(new EvidenceInput(Sha, "image/jpeg", "  ", " ")), Given.Roads(), Observer,
            Guid.CreateVersion7(), Given.Now);

        var evidence = Assert.Single(submitted.Evidence);
        Assert.Null(evidence.Url);
        Assert.Null(evidence.Title);
    }

    [Fact]
    public void the_decision_records_no_location_and_no_evidence_when_none_were_given()
    {
        var submitted = Decide(Visit() with { Location = null, Evidence = null }, Given.Roads(), Observer,
            Guid.CreateVersion7(), Given.Now);

        Assert.Null(submitted.Location);
        Assert.Empty(submitted.Evidence);
    }

    [Fact]
    public void a_submitted_observation_waits_for_moderation()
    {
        var submitted = Decide(Visit(), Given.Roads(), Observer, Guid.CreateVersion7(), Given.Now);

        var observation = Observation.Create(submitted);

        Assert.Equal(ModerationStatus.Pending, observation.Status);
        Assert.Null(observation.DecidedOn);
        Assert.Null(observation.ModerationReason);
        Assert.Equal(submitted.ObservationId, observation.Id);
        Assert.Equal(Given.Now, observation.SubmittedAt);
    }

    [Fact]
    public void an_observation_may_cite_where_it_was_published_and_the_sources_are_checked_like_any_other()
    {
        ProblemAssert.InvalidFields(Validate(Visit() with { Sources = [Given.SourceInput() with { Url = "not a url" }] }), "sources[0].url");
        ProblemAssert.InvalidFields(Validate(Visit() with { Sources = [] }), "sources");
        ProblemAssert.NoProblems(Validate(Visit() with { Sources = [Given.SourceInput()] }));
    }

    [Fact]
    public void the_cited_sources_are_recorded_on_the_event_and_the_observation()
    {
        var submitted = Decide(Visit() with { Sources = [Given.SourceInput()] }, Given.Roads(), Observer,
            Guid.CreateVersion7(), Given.Now);

        Assert.Equal([Given.Source()], submitted.Sources);
        Assert.Equal([Given.Source()], ((Ledger.Sourcing.ISourcedStatement)submitted).Sources);
        Assert.Equal([Given.Source()], Observation.Create(submitted).Sources);
        Assert.Empty(Decide(Visit(), Given.Roads(), Observer, Guid.CreateVersion7(), Given.Now).Sources);
    }
}
