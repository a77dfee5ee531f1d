using System.Text.Json.Nodes;
using Ledger.Commitments;
using Ledger.Deals;
using Ledger.Observations;
using Ledger.Seeding;
using Ledger.Sourcing;
using Ledger.UnitTests.Support;

namespace Ledger.UnitTests.Seeding;

public class planning_a_seed
{
    static Guid Id(string key) => SeedPlanner.IdOf(SeedExample.Case, key);

    static IReadOnlyList<SeedError> Errors(JsonNode json, LedgerState? state = null)
    {
        var (plan, errors) = SeedExample.Plan(json, state);
        Assert.Null(plan);
        Assert.NotEmpty(errors);
        Assert.All(errors, e => Assert.Equal(SeedExample.File, e.File));
        return errors;
    }

    static SeedError ErrorAt(JsonNode json, string path, LedgerState? state = null)
    {
        var errors = Errors(json, state);
        return Assert.Single(errors, e => e.Path == path);
    }

    [Fact]
    public void a_new_file_starts_one_stream_for_the_deal_one_per_commitment_and_one_per_observation()
    {
        var plan = SeedExample.PlanOk(SeedExample.Json());

        Assert.Equal(0, plan.AlreadyRecorded);
        Assert.Equal(
            [(StreamKind.Deal, Id("deal"), true), (StreamKind.Commitment, Id("roads"), true), (StreamKind.Observation, Id("audit-2023"), true)],
            plan.Writes.Select(w => (w.Kind, w.StreamId, w.IsNew)));
        Assert.Equal([typeof(DealRegistered), typeof(DealAmended), typeof(AnnouncementRecorded)], plan.Writes[0].Events.Select(e => e.GetType()));
        Assert.Equal([typeof(CommitmentMade), typeof(CommitmentRevised), typeof(DeliveryClaimed)], plan.Writes[1].Events.Select(e => e.GetType()));
        Assert.Equal([typeof(ObservationSubmitted), typeof(ObservationAccepted)], plan.Writes[2].Events.Select(e => e.GetType()));
        Assert.Equal(8, plan.EventCount);
        Assert.Equal([SeedExample.Auditor], plan.Observers);
    }

    [Fact]
    public void ids_derive_from_the_case_and_the_keys_and_the_revision_cites_its_amendment()
    {
        var events = SeedExample.PlanOk(SeedExample.Json()).Writes.SelectMany(w => w.Events).ToList();

        Assert.Equal(Id("deal"), events.OfType<DealRegistered>().Single().DealId);
        Assert.Equal(Id("amendment-2009"), events.OfType<DealAmended>().Single().AmendmentId);
        Assert.Equal(Id("speech"), events.OfType<AnnouncementRecorded>().Single().AnnouncementId);
        var revised = events.OfType<CommitmentRevised>().Single();
        Assert.Equal(Id("cut-2009"), revised.RevisionId);
        Assert.Equal(Id("amendment-2009"), revised.AmendmentId);
        Assert.Equal(Id("claim-2023"), events.OfType<DeliveryClaimed>().Single().ClaimId);
        Assert.Equal(SeedPlanner.IdOf("test-case", "roads"), SeedPlanner.IdOf("test-case", "roads"));
        Assert.NotEqual(SeedPlanner.IdOf("test-case", "roads"), SeedPlanner.IdOf("other-case", "roads"));
    }

    [Fact]
    public void domain_dates_and_their_precision_are_kept()
    {
        var events = SeedExample.PlanOk(SeedExample.Json()).Writes.SelectMany(w => w.Events).OfType<ISourcedStatement>().ToList();

        Assert.Equal(
        [
            new DateOnly(2008, 4, 22), new DateOnly(2009, 10, 1), new DateOnly(2009, 11, 2), new DateOnly(2008, 4, 22), new DateOnly(2009, 10, 1),
            new DateOnly(2023, 3, 24), new DateOnly(2023, 2, 16), Given.Today,
        ], events.Select(e => e.OccurredOn!.Value));
        var revised = events.OfType<CommitmentRevised>().Single();
        Assert.Equal(DatePrecision.Month, Assert.Single(revised.Sources).DatePrecision);
        Assert.Null(Assert.Single(events.OfType<CommitmentMade>().Single().Sources).DatePrecision);
    }

    [Fact]
    public void the_observation_is_the_observers_with_its_sources_and_ends_accepted()
    {
        var plan = SeedExample.PlanOk(SeedExample.Json());

        var submitted = plan.Writes[2].Events.OfType<ObservationSubmitted>().Single();
        Assert.Equal(SeedExample.AuditorId, submitted.OrganizationId);
        Assert.Equal(SeedExample.Auditor, submitted.OrganizationName);
        Assert.Equal(600m, submitted.Finding.Amount);
        Assert.Equal("https://www.example.org/report", Assert.Single(submitted.Sources).Url);
        Assert.Equal(ModerationStatus.Accepted, SeedExample.After(plan).Observations[submitted.ObservationId].Status);
    }

    [Fact]
    public void planning_again_what_the_ledger_already_holds_adds_nothing()
    {
        var first = SeedExample.PlanOk(SeedExample.Json());

        var second = SeedExample.PlanOk(SeedExample.Json(), SeedExample.After(first));

        Assert.Empty(second.Writes);
        Assert.Equal(8, second.AlreadyRecorded); // deal, amendment, announcement, commitment, revision, claim, observation, moderation
    }

    [Fact]
    public void a_statement_added_to_the_file_later_is_appended_to_the_recorded_stream()
    {
        var recorded = SeedExample.After(SeedExample.PlanOk(SeedExample.Json()));
        var json = SeedExample.Json();
        json["commitments"]![0]!["claims"]!.AsArray().Add(new JsonObject
        {
            ["key"] = "claim-2024", ["claimedBy"] = Given.Sinohydro, ["amount"] = 1200, ["asOf"] = "2024-03-01", ["sources"] = SeedExample.Sources(),
        });

        var plan = SeedExample.PlanOk(json, recorded);

        var write = Assert.Single(plan.Writes);
        Assert.Equal((StreamKind.Commitment, Id("roads"), false), (write.Kind, write.StreamId, write.IsNew));
        var claimed = Assert.IsType<DeliveryClaimed>(Assert.Single(write.Events));
        Assert.Equal((Id("claim-2024"), 1200m), (claimed.ClaimId, claimed.Amount));
        Assert.Equal(8, plan.AlreadyRecorded);
    }

    [Fact]
    public void an_observation_recorded_pending_gets_only_its_moderation()
    {
        var json = SeedExample.Json();
        json["commitments"]![0]!["observations"]![0]!.AsObject().Remove("moderation");
        var pending = SeedExample.After(SeedExample.PlanOk(json));
        Assert.Equal(ModerationStatus.Pending, pending.Observations[Id("audit-2023")].Status);

        var plan = SeedExample.PlanOk(SeedExample.Json(), pending);

        var write = Assert.Single(plan.Writes);
        Assert.False(write.IsNew);
        Assert.IsType<ObservationAccepted>(Assert.Single(write.Events));
    }

    [Fact]
    public void a_commitment_is_checked_by_the_routes_rules_a_promisor_outside_the_deal_is_refused()
    {
        var json = SeedExample.Json();
        json["commitments"]![0]!["promisor"] = "Atlantis Mining";

        Assert.Contains("must be one of the deal's parties", ErrorAt(json, "$.commitments[0].promisor").Reason);
    }

    [Fact]
    public void a_revision_may_not_change_the_unit()
    {
        var json = SeedExample.Json();
        json["commitments"]![0]!["revisions"]![0]!["target"]!["unit"] = "USD";

        Assert.Contains("must stay 'km'", ErrorAt(json, "$.commitments[0].revisions[0].target.unit").Reason);
    }

    [Fact]
    public void every_field_error_of_a_statement_is_reported_at_its_path()
    {
        var json = SeedExample.Json();
        json["deal"]!["sources"]![0]!["url"] = "ftp://example.org";
        json["deal"]!["parties"]![1]!["country"] = "China";
        json["announcements"]![0]!["madeOn"] = Given.Today.AddDays(5).ToString("yyyy-MM-dd");
        json["announcements"]![0]!["language"] = "English";

        var errors = Errors(json);

        Assert.Equal(["$.deal.parties[1].country", "$.deal.sources[0].url"], errors.Select(e => e.Path).Order(StringComparer.Ordinal));
        json["deal"] = SeedExample.Json()["deal"]!.DeepClone();
        Assert.Equal(["$.announcements[0].language", "$.announcements[0].madeOn"], Errors(json).Select(e => e.Path).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void an_observation_in_the_future_is_refused()
    {
        var json = SeedExample.Json();
        json["commitments"]![0]!["observations"]![0]!["observedOn"] = Given.Today.AddDays(3).ToString("yyyy-MM-dd");

        ErrorAt(json, "$.commitments[0].observations[0].observedOn");
    }

    [Fact]
    public void every_statement_needs_a_domain_date_and_a_source()
    {
        var json = SeedExample.Json();
        json["deal"]!.AsObject().Remove("signedOn");
        json["commitments"]![0]!["claims"]![0]!["sources"] = new JsonArray();
        json["commitments"]![0]!["observations"]![0]!.AsObject().Remove("sources");

        var errors = Errors(json);

        Assert.Equal(
            ["$.commitments[0].claims[0].sources", "$.commitments[0].observations[0].sources", "$.deal.signedOn"],
            errors.Select(e => e.Path).Order(StringComparer.Ordinal));
        Assert.Contains("every seed statement says when it happened", errors.Single(e => e.Path == "$.deal.signedOn").Reason);
    }

    [Theory]
    [InlineData("month", "2009-10-15", "must be the first day of the month")]
    [InlineData("year", "2009-10-01", "must be the first of January")]
    public void a_date_known_only_to_a_month_or_year_is_the_first_day_of_it(string precision, string date, string reason)
    {
        var json = SeedExample.Json();
        json["amendments"]![0]!["datePrecision"] = precision;
        json["amendments"]![0]!["effectiveOn"] = date;

        Assert.Contains(reason, ErrorAt(json, "$.amendments[0].effectiveOn").Reason);
    }

    [Fact]
    public void keys_are_unique_in_a_file_and_a_revision_names_an_amendment_of_the_file()
    {
        var json = SeedExample.Json();
        json["announcements"]![0]!["key"] = "roads";
        json["commitments"]![0]!["revisions"]![0]!["amendment"] = "amendment-2010";

        var errors = Errors(json);

        Assert.Contains("'roads' is already the key of $.announcements[0]", errors.Single(e => e.Path == "$.commitments[0].key").Reason);
        Assert.Contains("'amendment-2010' is not the key of an amendment", errors.Single(e => e.Path == "$.commitments[0].revisions[0].amendment").Reason);
    }

    [Fact]
    public void a_revision_citing_an_amendment_that_is_itself_refused_is_reported_at_its_amendment_key()
    {
        var json = SeedExample.Json();
        json["amendments"]![0]!["summary"] = "";

        var errors = Errors(json);

        Assert.Equal(["$.amendments[0].summary", "$.commitments[0].revisions[0].amendment"], errors.Select(e => e.Path).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("$.case", "Test Case")]
    [InlineData("$.deal.key", "Deal")]
    public void the_case_and_keys_are_lowercase_slugs(string path, string value)
    {
        var json = SeedExample.Json();
        if (path == "$.case") json["case"] = value; else json["deal"]!["key"] = value;

        ErrorAt(json, path);
    }

    [Fact]
    public void an_observation_names_its_observer()
    {
        var json = SeedExample.Json();
        json["commitments"]![0]!["observations"]![0]!.AsObject().Remove("observer");

        ErrorAt(json, "$.commitments[0].observations[0].observer");
    }

    [Fact]
    public void a_moderation_is_checked_by_the_routes_rules()
    {
        var json = SeedExample.Json();
        json["commitments"]![0]!["observations"]![0]!["moderation"] = new JsonObject { ["decision"] = "rejected" };

        ErrorAt(json, "$.commitments[0].observations[0].moderation.reason");
    }

    [Fact]
    public void one_bad_statement_means_no_plan_for_the_whole_file()
    {
        var json = SeedExample.Json();
        json["commitments"]![0]!["claims"]![0]!["amount"] = -5;

        var (plan, errors) = SeedExample.Plan(json);

        Assert.Null(plan);
        Assert.Equal("$.commitments[0].claims[0].amount", Assert.Single(errors).Path);
    }
}
