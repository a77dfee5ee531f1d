using System.Text.Json;
using System.Net;
using Ledger.Api.Tests.Hosting;

namespace Ledger.Api.Tests.Deals;

[Collection(AnalyticsCollection.Name)]
public sealed class deal_timeline(LedgerApi api)
{
    [Fact]
    public async Task the_timeline_tells_every_statement_in_the_order_it_happened_with_its_sources()
    {
        var dealId = await api.RegisterDeal();
        var id = await api.MakeCommitment(dealId, Scenarios.Commitment(amount: 3000, dueOn: "2030-12-31", title: "Railway"));
        await api.Admin().Post($"/api/deals/{dealId}/announcements", new
        {
            speaker = "Patrick Muyaya", speakerRole = "Government spokesperson", madeOn = "2025-03-20", statement = "Talks continue.",
            language = "en", sources = new[] { Scenarios.Source("https://example.org/muyaya") },
        }).Expect(HttpStatusCode.Created);
        await api.Admin().Post($"/api/deals/{dealId}/amendments", new
        {
            effectiveOn = "2009-10-01", summary = "IMF-driven revision", sources = new[] { Scenarios.Source("https://example.org/2009") },
        }).Expect(HttpStatusCode.Created);
        await api.Admin().Post($"/api/commitments/{id}/claims", new
        {
            claimedBy = "Sicomines", amount = 300, asOf = "2023-03-24", sources = new[] { Scenarios.Source("https://example.org/claim") },
        }).Expect(HttpStatusCode.Created);
        var observer = await api.ClientWithRole("observer");
        var accepted = await api.SubmitObservation(observer, id, Scenarios.Observation(amount: 120));
        await api.Admin().Post($"/api/observations/{accepted}/moderation", new { decision = "accepted" }).Expect(HttpStatusCode.OK);
        await api.SubmitObservation(observer, id, Scenarios.Observation(amount: 999)); // pending: not a statement of the ledger

        var timeline = await api.Anonymous().GetAsync($"/api/deals/{dealId}/timeline").Expect(HttpStatusCode.OK);
        var entries = timeline.GetProperty("entries").EnumerateArray().ToList();

        Assert.Equal(
            ["deal-registered", "commitment-made", "deal-amended", "delivery-claimed", "observation-accepted", "announcement"],
            entries.Select(e => e.GetProperty("type").GetString()));
        Assert.Equal(["2008-04-22", "2008-04-22", "2009-10-01", "2023-03-24", "2024-03-01", "2025-03-20"],
            entries.Select(e => e.GetProperty("occurredOn").GetString()));
        Assert.All(entries.Where(e => e.GetProperty("type").GetString() != "observation-accepted"),
            e => Assert.StartsWith("https://example.org/", e.GetProperty("sources")[0].GetProperty("url").GetString()));
        Assert.Equal("https://example.org/claim", entries[3].GetProperty("sources")[0].GetProperty("url").GetString());
        Assert.Contains("Railway", entries[3].GetProperty("summary").GetString());
        Assert.Equal(JsonValueKind.Null, entries[3].GetProperty("recordedBy").GetProperty("keyId").ValueKind); // not public
        Assert.Equal("Ledger operators", entries[3].GetProperty("recordedBy").GetProperty("organizationName").GetString());
        Assert.Equal(accepted, entries[4].GetProperty("observationId").GetString());
        Assert.Equal("https://example.org/photo.jpg", entries[4].GetProperty("sources")[0].GetProperty("url").GetString());

        var in2010 = await api.Anonymous().GetAsync($"/api/deals/{dealId}/timeline?asOf=2010-01-01").Expect(HttpStatusCode.OK);
        Assert.Equal(["deal-registered", "commitment-made", "deal-amended"],
            in2010.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("type").GetString()));

        var commitmentRecordedAt = entries[1].GetProperty("recordedAt").GetDateTimeOffset().AddMilliseconds(1).ToString("O");
        var known = await api.Anonymous().GetAsync($"/api/deals/{dealId}/timeline?knownAt={Uri.EscapeDataString(commitmentRecordedAt)}")
            .Expect(HttpStatusCode.OK);
        Assert.Equal(["deal-registered", "commitment-made"],
            known.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("type").GetString()));
    }

    [Fact]
    public async Task a_missed_deadline_appears_in_the_timeline_and_the_commitment_history()
    {
        var dealId = await api.RegisterDeal();
        var id = await api.MakeCommitment(dealId, Scenarios.Commitment(amount: 1, unit: "milestones", dueOn: "2025-07-27", title: "Joint security mechanism"));

        Assert.Equal(1, await api.WaitForEventsAsync(id, "deadline_passed"));

        var history = await api.Anonymous().GetAsync($"/api/commitments/{id}/history").Expect(HttpStatusCode.OK);
        var passed = history.EnumerateArray().Single(e => e.GetProperty("type").GetString() == "deadline_passed");
        Assert.Equal("2025-07-27", passed.GetProperty("occurredOn").GetString());
        Assert.Equal("Ledger (system)", passed.GetProperty("recordedBy").GetProperty("organizationName").GetString());
        Assert.Equal(JsonValueKind.Null, passed.GetProperty("recordedBy").GetProperty("keyId").ValueKind);

        var timeline = await api.Anonymous().GetAsync($"/api/deals/{dealId}/timeline").Expect(HttpStatusCode.OK);
        Assert.Contains(timeline.GetProperty("entries").EnumerateArray(), e => e.GetProperty("type").GetString() == "deadline-passed");
        Assert.Equal("overdue", (await api.Status(id)).GetProperty("status").GetString());
        Assert.Equal("not-started", (await api.Anonymous().GetAsync($"/api/commitments/{id}?asOf=2025-07-27").Expect(HttpStatusCode.OK))
            .GetProperty("status").GetString());
    }

    [Fact]
    public async Task a_deadline_moved_by_a_revision_is_checked_again_and_each_due_date_passes_once()
    {
        var (_, id) = await api.DealWithCommitment(Scenarios.Commitment(dueOn: "2013-12-31"));
        Assert.Equal(1, await api.WaitForEventsAsync(id, "deadline_passed"));

        await api.Admin().Post($"/api/commitments/{id}/revisions", new
        {
            dueOn = "2020-12-31", effectiveOn = "2012-06-01", reason = "Rescheduled", sources = new[] { Scenarios.Source() },
        }).Expect(HttpStatusCode.Created);
        Assert.Equal(2, await api.WaitForEventsAsync(id, "deadline_passed", atLeast: 2));

        await Task.Delay(2000); // a duplicate check, had one run, would have appended by now
        Assert.Equal(2, await api.ScalarAsync<long>("SELECT count(*) FROM mt_events WHERE stream_id = @id::uuid AND type = 'deadline_passed'",
            ("id", id)));
        var dates = (await api.Anonymous().GetAsync($"/api/commitments/{id}/history").Expect(HttpStatusCode.OK)).EnumerateArray()
            .Where(e => e.GetProperty("type").GetString() == "deadline_passed").Select(e => e.GetProperty("occurredOn").GetString()).Order();
        Assert.Equal(["2013-12-31", "2020-12-31"], dates);
    }

    [Fact]
    public async Task a_long_timeline_answers_page_by_page_on_both_time_axes()
    {
        var dealId = await api.RegisterDeal();
        await api.MakeCommitment(dealId, Scenarios.Commitment(dueOn: "2040-12-31"));
        foreach (var (day, statement) in new[] { ("2009-05-01", "First"), ("2012-05-01", "Second"), ("2015-05-01", "Third") })
            await api.Admin().Post($"/api/deals/{dealId}/announcements", new
            {
                speaker = "Spokesperson", speakerRole = "Ministry", madeOn = day, statement, language = "en",
                sources = new[] { Scenarios.Source($"https://example.org/{statement}") },
            }).Expect(HttpStatusCode.Created);
        var whole = await api.Anonymous().GetAsync($"/api/deals/{dealId}/timeline").Expect(HttpStatusCode.OK);
        Assert.Equal((1, GetDealTimelineDefault, 5L), Paging(whole));
        Assert.Equal(JsonValueKind.Null, whole.GetProperty("next").ValueKind);

        var pages = new List<JsonElement>();
        for (string? next = $"/api/deals/{dealId}/timeline?pageSize=2"; next is not null; next = pages[^1].GetProperty("next").GetString())
            pages.Add(await api.Anonymous().GetAsync(next).Expect(HttpStatusCode.OK));
        Assert.Equal([(1, 2, 5L), (2, 2, 5L), (3, 2, 5L)], pages.Select(Paging));
        Assert.Equal(Sequences(whole), pages.SelectMany(Sequences));

        // Time travel holds across pages: the next link keeps asOf, and the total counts only what is shown as of then.
        var in2013 = await api.Anonymous().GetAsync($"/api/deals/{dealId}/timeline?asOf=2013-01-01&pageSize=2").Expect(HttpStatusCode.OK);
        Assert.Equal((1, 2, 4L), Paging(in2013));
        var rest = await api.Anonymous().GetAsync(in2013.GetProperty("next").GetString()!).Expect(HttpStatusCode.OK);
        Assert.Equal(["announcement", "announcement"], rest.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("type").GetString()));
        Assert.Equal("2013-01-01", rest.GetProperty("asOf").GetString());
        Assert.Equal(JsonValueKind.Null, rest.GetProperty("next").ValueKind);
        var pastTheEnd = await api.Anonymous().GetAsync($"/api/deals/{dealId}/timeline?page=9&pageSize=2").Expect(HttpStatusCode.OK);
        Assert.Equal(0, pastTheEnd.GetProperty("entries").GetArrayLength());
    }

    [Theory]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("pageSize=1001", "pageSize")]
    [InlineData("page=0", "page")]
    [InlineData("page=2147483647&pageSize=1000", "page")]
    public async Task a_page_out_of_bounds_is_400_naming_the_field(string query, string field)
    {
        var dealId = await api.RegisterDeal();
        await api.Anonymous().GetAsync($"/api/deals/{dealId}/timeline?{query}").ExpectProblem(HttpStatusCode.BadRequest, field);
    }

    const int GetDealTimelineDefault = Ledger.Deals.Timeline.GetDealTimelineEndpoint.DefaultPageSize;

    static (int, int, long) Paging(JsonElement page) =>
        (page.GetProperty("page").GetInt32(), page.GetProperty("pageSize").GetInt32(), page.GetProperty("total").GetInt64());

    static IEnumerable<long> Sequences(JsonElement page) =>
        page.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("sequence").GetInt64());
}
