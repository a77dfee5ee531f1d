using Ledger.Commitments;
using Ledger.Deals;
using Ledger.Deals.Timeline;
using Ledger.Observations;
using Ledger.Sourcing;
using Ledger.TimeTravel;
using Ledger.UnitTests.Support;
using static Ledger.UnitTests.Support.Recorded;

namespace Ledger.UnitTests.Deals;

public class telling_a_deals_timeline
{
    const string Curators = "Ledger curators";
    const string Title = "Build 3,500 km of roads";
    static readonly PointInTime Everything = new(Given.Today, null);
    static readonly Evidence Photo = new(new string('a', 64), "image/jpeg", "https://watch.example.org/photos/km-900.jpg", "Paved at km 900");
    static readonly Evidence Unpublished = new(new string('b', 64), "image/jpeg", null, "Kept offline");

    /// <summary>The Sicomines deal as recorded in 2024, sixteen years of statements entered in a few months.</summary>
    sealed class Sicomines
    {
        public readonly EventLog Log = new();
        public readonly ObservationSubmitted Seen, Refused, Waiting;

        public Sicomines()
        {
            Log.Record(Given.SicominesRegistered(), At(2024, 1, 1), Curators);
            Log.Record(new DealAmended(Given.DealId, Given.AmendmentId, new DateOnly(2017, 10, 1), "Infrastructure tranche rescheduled", [Given.Source()]),
                At(2024, 1, 2), Curators);
            Log.Record(new AnnouncementRecorded(Given.DealId, Guid.CreateVersion7(), "Joseph Kabila", "President", new DateOnly(2010, 9, 17),
                "Roads will come.", "fr", [Given.Source()]), At(2024, 1, 3), Curators);
            Log.Record(Given.RoadsPromised(3500m, dueOn: new DateOnly(2023, 12, 31)), At(2024, 1, 4), Curators);
            Log.Record(Given.Revised(new DateOnly(2015, 1, 1), km: 2400m), At(2024, 1, 5), Curators);
            Log.Record(Given.Claimed(1200m, new DateOnly(2019, 6, 30)), At(2024, 1, 6), Curators);
            Seen = Submitted(new DateOnly(2018, 3, 1), 900m, At(2024, 2, 1), Photo, Unpublished);
            Log.Record(Seen, At(2024, 2, 1), RouteWatch);
            Refused = Submitted(new DateOnly(2019, 1, 1), 3000m, At(2024, 2, 2));
            Log.Record(Refused, At(2024, 2, 2), RouteWatch);
            Waiting = Submitted(new DateOnly(2020, 1, 1), 1000m, At(2024, 2, 3));
            Log.Record(Waiting, At(2024, 2, 3), RouteWatch);
            Log.Record(Accepted(Seen, new DateOnly(2024, 2, 10)), At(2024, 2, 10), Curators);
            Log.Record(Rejected(Refused, new DateOnly(2024, 2, 11)), At(2024, 2, 11), Curators);
            Log.Record(new DeadlinePassed(Given.CommitmentId, new DateOnly(2023, 12, 31), 2400m, 900m), At(2024, 3, 1), "Ledger (system)");
            Log.Record(Withdrawn(new DateOnly(2024, 6, 1)), At(2024, 6, 2), Curators);
        }

        public IReadOnlyList<TimelineEntry> Entries(PointInTime? when = null) => GetDealTimelineEndpoint.Entries(Log.Events, when ?? Everything);
    }

    static string[] Types(IEnumerable<TimelineEntry> entries) => [.. entries.Select(e => e.Type)];

    [Fact]
    public void every_statement_is_told_in_the_order_it_happened_in_the_world()
    {
        var entries = new Sicomines().Entries();

        Assert.Equal(
            ["deal-registered", "commitment-made", "announcement", "commitment-revised", "deal-amended", "observation-accepted", "delivery-claimed",
                "deadline-passed", "commitment-withdrawn"],
            Types(entries));
        Assert.Equal(
            [new DateOnly(2008, 4, 22), new DateOnly(2008, 4, 22), new DateOnly(2010, 9, 17), new DateOnly(2015, 1, 1), new DateOnly(2017, 10, 1),
                new DateOnly(2018, 3, 1), new DateOnly(2019, 6, 30), new DateOnly(2023, 12, 31), new DateOnly(2024, 6, 1)],
            entries.Select(e => e.OccurredOn));
    }

    [Fact]
    public void statements_of_the_same_day_are_told_in_the_order_they_were_recorded()
    {
        var log = new EventLog();
        var day = new DateOnly(2022, 1, 1);
        log.Record(Given.RoadsPromised(), At(2024, 1, 1));
        log.Record(Given.Claimed(20m, day), At(2024, 1, 2));
        log.Record(Given.Revised(day, km: 3000m), At(2024, 1, 3));
        log.Record(Given.Claimed(30m, day), At(2024, 1, 4));

        var entries = GetDealTimelineEndpoint.Entries(log.Events, Everything);

        Assert.Equal(["commitment-made", "delivery-claimed", "commitment-revised", "delivery-claimed"], Types(entries));
        Assert.Equal([1L, 2L, 3L, 4L], entries.Select(e => e.Sequence));
    }

    [Fact]
    public void only_accepted_observations_are_told()
    {
        var deal = new Sicomines();

        var observation = Assert.Single(deal.Entries(), e => e.ObservationId is not null);

        Assert.Equal(deal.Seen.ObservationId, observation.ObservationId);
        Assert.DoesNotContain(deal.Entries(), e => e.ObservationId == deal.Refused.ObservationId || e.ObservationId == deal.Waiting.ObservationId);
    }

    [Fact]
    public void an_accepted_observation_is_told_on_the_day_it_was_made_with_its_published_evidence_as_sources()
    {
        var deal = new Sicomines();

        var observation = Assert.Single(deal.Entries(), e => e.Type == "observation-accepted");

        Assert.Equal(new DateOnly(2018, 3, 1), observation.OccurredOn);
        Assert.Equal(Given.CommitmentId, observation.CommitmentId);
        Assert.Equal([new Source(Photo.Url!, RouteWatch, new DateOnly(2018, 3, 1), "Paved at km 900")], observation.Sources);
        Assert.Equal(At(2024, 2, 10), observation.RecordedAt); // known from its acceptance
        Assert.Equal(RouteWatch, observation.RecordedBy.OrganizationName); // said by the observer who submitted it
        Assert.Equal(deal.Seen, observation.Details);
    }

    [Fact]
    public void each_statement_carries_its_sources_and_who_recorded_it()
    {
        var entries = new Sicomines().Entries();

        var made = Assert.Single(entries, e => e.Type == "commitment-made");
        var passed = Assert.Single(entries, e => e.Type == "deadline-passed");

        Assert.Equal([Given.Source()], made.Sources);
        Assert.Equal((Curators, At(2024, 1, 4), Given.CommitmentId), (made.RecordedBy.OrganizationName, made.RecordedAt, made.CommitmentId));
        Assert.Empty(passed.Sources);
        Assert.Equal("Ledger (system)", passed.RecordedBy.OrganizationName);
        Assert.Null(Assert.Single(entries, e => e.Type == "deal-registered").CommitmentId);
    }

    [Fact]
    public void what_was_recorded_after_the_instant_asked_about_is_not_told()
    {
        var entries = new Sicomines().Entries(new PointInTime(Given.Today, At(2024, 1, 4)));

        Assert.Equal(["deal-registered", "commitment-made", "announcement", "deal-amended"], Types(entries));
    }

    [Fact]
    public void an_observation_accepted_after_the_instant_asked_about_is_not_told()
    {
        var entries = new Sicomines().Entries(new PointInTime(Given.Today, At(2024, 2, 9)));

        Assert.DoesNotContain(entries, e => e.Type == "observation-accepted");
        Assert.Contains(entries, e => e.Type == "delivery-claimed");
    }

    [Fact]
    public void what_happened_after_the_day_asked_about_is_not_told()
    {
        var entries = new Sicomines().Entries(new PointInTime(new DateOnly(2016, 12, 31), null));

        Assert.Equal(["deal-registered", "commitment-made", "announcement", "commitment-revised"], Types(entries));
    }

    [Fact]
    public void the_day_asked_about_is_included() =>
        Assert.Equal("observation-accepted", new Sicomines().Entries(new PointInTime(new DateOnly(2018, 3, 1), null))[^1].Type);

    [Fact]
    public void both_axes_together()
    {
        var entries = new Sicomines().Entries(new PointInTime(new DateOnly(2019, 12, 31), At(2024, 1, 5)));

        Assert.Equal(["deal-registered", "commitment-made", "announcement", "commitment-revised", "deal-amended"], Types(entries));
    }

    [Fact]
    public void summaries_say_what_was_said_with_amounts_and_units()
    {
        var summaries = new Sicomines().Entries().ToDictionary(e => e.Type, e => e.Summary);

        Assert.Equal("Deal signed: Sicomines minerals-for-infrastructure deal", summaries["deal-registered"]);
        Assert.Equal("Amendment: Infrastructure tranche rescheduled", summaries["deal-amended"]);
        Assert.Equal("Joseph Kabila (President): Roads will come.", summaries["announcement"]);
        Assert.Equal($"Sinohydro committed to {Title}: 3,500 km by 2023-12-31", summaries["commitment-made"]);
        Assert.Equal($"{Title} revised: target 2,400 km (Renegotiated)", summaries["commitment-revised"]);
        Assert.Equal($"Ministry of Infrastructure claims 1,200 km delivered for {Title}", summaries["delivery-claimed"]);
        Assert.Equal($"Route watch observed partially-delivered for {Title}: 900 km", summaries["observation-accepted"]);
        Assert.Equal($"Deadline passed for {Title}: 900 of 2,400 km verified", summaries["deadline-passed"]);
        Assert.Equal($"{Title} withdrawn: Abandoned", summaries["commitment-withdrawn"]);
    }

    [Fact]
    public void a_revision_of_both_target_and_due_date_names_both()
    {
        var log = new EventLog();
        log.Record(Given.RoadsPromised() with { DueOn = null }, At(2024, 1, 1));
        log.Record(Given.Revised(new DateOnly(2015, 1, 1), km: 1234.5m, dueOn: new DateOnly(2030, 6, 30)), At(2024, 1, 2));
        log.Record(Given.Revised(new DateOnly(2016, 1, 1), dueOn: new DateOnly(2031, 6, 30)), At(2024, 1, 3));

        var summaries = GetDealTimelineEndpoint.Entries(log.Events, Everything).Select(e => e.Summary).ToList();

        Assert.Equal($"Sinohydro committed to {Title}: 3,500 km", summaries[0]);
        Assert.Equal($"{Title} revised: target 1,234.5 km; due 2030-06-30 (Renegotiated)", summaries[1]);
        Assert.Equal($"{Title} revised: due 2031-06-30 (Renegotiated)", summaries[2]);
    }

    [Fact]
    public void an_observation_without_an_amount_says_what_was_found()
    {
        var log = new EventLog();
        log.Record(Given.RoadsPromised(), At(2024, 1, 1));
        var seen = Submitted(new DateOnly(2023, 1, 1), null, At(2024, 1, 2));
        log.Record(seen, At(2024, 1, 2));
        log.Record(Accepted(seen, new DateOnly(2024, 1, 3)), At(2024, 1, 3));

        var entry = GetDealTimelineEndpoint.Entries(log.Events, Everything)[^1];

        Assert.Equal($"Route watch observed unable-to-verify for {Title}", entry.Summary);
        Assert.Empty(entry.Sources);
    }

    [Fact]
    public void a_deal_registered_without_a_signing_date_is_told_on_the_utc_day_it_was_recorded()
    {
        var log = new EventLog();
        log.Record(Given.SicominesRegistered() with { SignedOn = null }, new DateTimeOffset(2024, 1, 1, 23, 30, 0, TimeSpan.FromHours(-5)));

        var entry = Assert.Single(GetDealTimelineEndpoint.Entries(log.Events, Everything));

        Assert.Equal(new DateOnly(2024, 1, 2), entry.OccurredOn);
        Assert.Equal("Deal registered: Sicomines minerals-for-infrastructure deal", entry.Summary);
    }
}
