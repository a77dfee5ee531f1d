using System.Text.Json.Nodes;
using Ledger.Commitments;
using Ledger.Deals;
using Ledger.Observations;
using Ledger.OpenData.Ocds;
using Ledger.UnitTests.Support;
using static Ledger.UnitTests.Support.Recorded;

namespace Ledger.UnitTests.OpenData;

public class releasing_a_deal_in_ocds
{
    const string Ocid = "ocds-test-0197a000";

    /// <summary>Sicomines as recorded in 2024: registration, an amendment, a road commitment and its delivery.</summary>
    static (EventLog Log, ObservationSubmitted Seen) Sicomines()
    {
        var log = new EventLog();
        log.Record(Given.SicominesRegistered(), At(2024, 1, 1));
        log.Record(new DealAmended(Given.DealId, Given.AmendmentId, new DateOnly(2017, 10, 1), "Tranche rescheduled", [Given.Source()]),
            At(2024, 1, 2));
        log.Record(RoadsMade(100m, dueOn: new DateOnly(2030, 12, 31)), At(2024, 1, 3));
        log.Record(Given.Revised(new DateOnly(2015, 1, 1), km: 80m), At(2024, 1, 4));
        log.Record(Given.Claimed(60m, new DateOnly(2023, 6, 30)), At(2024, 1, 5));
        var seen = Submitted(new DateOnly(2023, 9, 1), 80m, At(2024, 2, 1))
            with { Narrative = null, Location = new Location("Kolwezi", null, null) }; // as the public reads it
        log.Record(seen, At(2024, 2, 1));
        log.Record(Accepted(seen, new DateOnly(2024, 2, 2)), At(2024, 2, 2));
        return (log, seen);
    }

    static JsonObject Milestone(JsonObject release) => release["contracts"]![0]!["milestones"]![0]!.AsObject();

    [Fact]
    public void each_public_change_is_one_release_tagged_for_what_it_changed()
    {
        var releases = DealReleases.Of(Ocid, Sicomines().Log.Events);

        Assert.Equal(
            ["contract", "contractAmendment", "contractUpdate", "contractAmendment", "implementation", "implementationUpdate"],
            releases.Select(r => r["tag"]![0]!.GetValue<string>()));
        Assert.Equal($"{Ocid}-1", releases[0]["id"]!.GetValue<string>()); // from the event's sequence
        Assert.Equal("2024-01-01T12:00:00.000000Z", releases[0]["date"]!.GetValue<string>()); // when the ledger recorded it
        Assert.DoesNotContain(releases, r => r["id"]!.GetValue<string>() == $"{Ocid}-6"); // the submission, pending then
    }

    [Fact]
    public void the_registration_names_the_parties_the_buyer_and_the_contract()
    {
        var registration = DealReleases.Of(Ocid, Sicomines().Log.Events)[0];

        var parties = registration["parties"]!.AsArray();
        Assert.Equal(
            """{"id":"democratic-republic-of-the-congo","name":"Democratic Republic of the Congo","roles":""" +
            """["buyer","procuringEntity"],"details":{"kind":"state","country":"CD"}}""",
            parties[0]!.ToJsonString());
        Assert.Equal("""["supplier"]""", parties[1]!["roles"]!.ToJsonString());
        Assert.Equal("democratic-republic-of-the-congo", registration["buyer"]!["id"]!.GetValue<string>());
        var contract = registration["contracts"]![0]!;
        Assert.Equal(Given.DealId.ToString(), contract["awardID"]!.GetValue<string>());
        Assert.Equal("2008-04-22T00:00:00Z", contract["dateSigned"]!.GetValue<string>());
        Assert.Equal("https://www.example.org/reports/sicomines", contract["documents"]![0]!["url"]!.GetValue<string>());
        Assert.Equal("sinohydro", registration["awards"]![0]!["suppliers"]![0]!["id"]!.GetValue<string>());
    }

    [Fact]
    public void a_commitment_is_a_milestone_with_its_target_and_a_revision_an_amendment()
    {
        var releases = DealReleases.Of(Ocid, Sicomines().Log.Events);

        var made = Milestone(releases[2]);
        Assert.Equal("scheduled", made["status"]!.GetValue<string>());
        Assert.Equal("2030-12-31T00:00:00Z", made["dueDate"]!.GetValue<string>());
        Assert.Equal(100m, made["quantity"]!.GetValue<decimal>());
        Assert.Equal("km", made["unit"]!["id"]!.GetValue<string>());
        Assert.True(made["binding"]!.GetValue<bool>());
        var revision = releases[3]["contracts"]![0]!["amendments"]![0]!;
        Assert.Equal("Renegotiated", revision["rationale"]!.GetValue<string>());
        Assert.Equal($"{Ocid}-4", revision["releaseID"]!.GetValue<string>());
        Assert.Equal(80m, Milestone(releases[3])["quantity"]!.GetValue<decimal>()); // the target in force
    }

    [Fact]
    public void claims_and_verified_delivery_are_milestone_progress_and_an_observation_shows_only_public_fields()
    {
        var (log, seen) = Sicomines();
        var releases = DealReleases.Of(Ocid, log.Events);

        Assert.Equal(60m, Milestone(releases[4])["progress"]!["claimed"]!.GetValue<decimal>());
        Assert.Equal(0m, Milestone(releases[4])["progress"]!["verified"]!.GetValue<decimal>());
        var accepted = Milestone(releases[5]);
        Assert.Equal("met", accepted["status"]!.GetValue<string>()); // 80 km verified of the 80 km in force
        Assert.Equal("2023-09-01T00:00:00Z", accepted["dateMet"]!.GetValue<string>());
        var observation = releases[5]["contracts"]![0]!["implementation"]!["observations"]![0]!.AsObject();
        Assert.Equal(seen.ObservationId.ToString(), observation["id"]!.GetValue<string>());
        Assert.Equal(
            ["id", "milestoneID", "observedOn", "organizationName", "assessment", "amount", "place"],
            observation.Select(p => p.Key));
    }

    [Fact]
    public void a_deadline_passed_with_part_delivered_is_partially_met_and_a_withdrawal_not_met()
    {
        var (log, seen) = Sicomines();
        log.Record(Given.Revised(new DateOnly(2016, 1, 1), km: 200m), At(2024, 3, 1));
        log.Record(new DeadlinePassed(Given.CommitmentId, new DateOnly(2030, 12, 31), 200m, 80m), At(2031, 1, 1));
        log.Record(Withdrawn(new DateOnly(2031, 2, 1)), At(2031, 2, 2));
        var releases = DealReleases.Of(Ocid, log.Events);

        Assert.Equal("scheduled", Milestone(releases[6])["status"]!.GetValue<string>());
        Assert.Equal("partiallyMet", Milestone(releases[7])["status"]!.GetValue<string>());
        var withdrawn = Milestone(releases[8]);
        Assert.Equal("notMet", withdrawn["status"]!.GetValue<string>());
        Assert.Equal("withdrawn", withdrawn["progress"]!["deliveryStatus"]!.GetValue<string>());
        Assert.Equal("contractUpdate", releases[8]["tag"]![0]!.GetValue<string>());
    }

    [Fact]
    public void a_rejected_observation_is_never_released()
    {
        var log = new EventLog();
        log.Record(Given.SicominesRegistered(), At(2024, 1, 1));
        log.Record(RoadsMade(), At(2024, 1, 3));
        var refused = Submitted(new DateOnly(2023, 9, 1), 80m, At(2024, 2, 1));
        log.Record(refused, At(2024, 2, 1));
        log.Record(Rejected(refused, new DateOnly(2024, 2, 2)), At(2024, 2, 2));

        var releases = DealReleases.Of(Ocid, log.Events);

        Assert.Equal(2, releases.Count);
        Assert.DoesNotContain(refused.ObservationId.ToString(), string.Join("", releases.Select(r => r.ToJsonString())));
    }
}
