using System.Net;
using System.Text.Json;
using Ledger.Api.Tests.Hosting;
using Ledger.Seeding;

namespace Ledger.Api.Tests.Seeding;

/// <summary>The seed cases through the analytics routes: status as of a day, the deal timeline, passed deadlines.</summary>
[Collection(SeedsCollection.Name)]
public sealed class the_seeded_ledger_over_time(SeededLedgerApi api)
{
    static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow);
    static string Id(string seedCase, string key) => SeedPlanner.IdOf(seedCase, key).ToString();
    static readonly string Infrastructure = Id("sicomines-2008", "infrastructure-financing");

    [Fact]
    public async Task as_of_mid_2023_the_822m_stood_against_the_2009_target_and_as_of_mid_2024_against_7bn_and_the_original_baseline()
    {
        var mid2023 = await api.Anonymous().GetAsync($"/api/commitments/{Infrastructure}?asOf=2023-06-01").Expect(HttpStatusCode.OK);
        Assert.Equal(3_000_000_000m, mid2023.GetProperty("target").GetDecimal());
        Assert.Equal(822_000_000m, mid2023.GetProperty("verified").GetDecimal());
        Assert.Equal(2_178_000_000m, mid2023.GetProperty("gap").GetDecimal());

        var mid2024 = await api.Anonymous().GetAsync($"/api/commitments/{Infrastructure}?asOf=2024-06-01").Expect(HttpStatusCode.OK);
        Assert.Equal(7_000_000_000m, mid2024.GetProperty("target").GetDecimal());
        Assert.Equal(6_565_000_000m, mid2024.GetProperty("originalTarget").GetDecimal());
        Assert.Equal(822_000_000m, mid2024.GetProperty("verified").GetDecimal());
        Assert.Equal(6_178_000_000m, mid2024.GetProperty("gap").GetDecimal());
        Assert.Equal(5_743_000_000m, mid2024.GetProperty("originalGap").GetDecimal());
    }

    [Fact]
    public async Task sicomines_43_projects_and_the_audits_822m_stand_side_by_side_but_no_source_gives_a_claim_in_usd()
    {
        var status = await api.Status(Infrastructure);
        Assert.Equal(0m, status.GetProperty("claimed").GetDecimal());
        Assert.Equal(0m, status.GetProperty("claimGap").GetDecimal());

        var timeline = await api.Anonymous().GetAsync($"/api/deals/{Id("sicomines-2008", "convention-2008")}/timeline").Expect(HttpStatusCode.OK);
        var entries = timeline.GetProperty("entries").EnumerateArray().ToList();
        var audit = entries.Single(e => e.GetProperty("type").GetString() == "observation-accepted" && e.GetProperty("occurredOn").GetString() == "2023-02-16");
        var claim = entries.Single(e => e.GetProperty("type").GetString() == "announcement" && e.GetProperty("occurredOn").GetString() == "2023-03-24");
        Assert.Contains("822,000,000 USD", audit.GetProperty("summary").GetString());
        Assert.Contains("43 infrastructure projects", claim.GetProperty("summary").GetString());
        Assert.Equal(entries.IndexOf(audit) + 1, entries.IndexOf(claim));
    }

    [Fact]
    public async Task each_deals_timeline_tells_its_statements_in_date_order_with_their_sources()
    {
        foreach (var deal in new[]
        {
            Id("sicomines-2008", "convention-2008"),
            Id("drc-us-2025", "minerals-for-security"),
            Id("ukraine-us-2025", "reconstruction-investment-fund"),
        })
        {
            var timeline = await api.Anonymous().GetAsync($"/api/deals/{deal}/timeline").Expect(HttpStatusCode.OK);
            var entries = timeline.GetProperty("entries").EnumerateArray().ToList();
            // The whole timeline on the default first page, as before timelines were paged.
            Assert.Equal(entries.Count, timeline.GetProperty("total").GetInt64());
            Assert.Equal(JsonValueKind.Null, timeline.GetProperty("next").ValueKind);

            var dates = entries.Select(e => DateOnly.Parse(e.GetProperty("occurredOn").GetString()!)).ToList();
            Assert.Equal(dates.Order(), dates);
            Assert.Single(entries, e => e.GetProperty("type").GetString() == "deal-registered");
            // Every statement from a source cites it; a passed deadline is the ledger's own finding.
            Assert.All(entries.Where(e => e.GetProperty("type").GetString() != "deadline-passed"), e =>
            {
                Assert.NotEqual(0, e.GetProperty("sources").GetArrayLength());
                Assert.All(e.GetProperty("sources").EnumerateArray(), s => Assert.StartsWith("http", s.GetProperty("url").GetString()));
            });
        }
        var sicomines = await api.Anonymous().GetAsync($"/api/deals/{Id("sicomines-2008", "convention-2008")}/timeline").Expect(HttpStatusCode.OK);
        Assert.Equal("2007-09-01", sicomines.GetProperty("entries")[0].GetProperty("occurredOn").GetString());
        var file = Path.Combine(SeededLedgerApi.SeedsFolder, "sicomines-2008.json");
        Assert.Equal(every_seed_statement_is_sourced.Statements(file).Count(),
            sicomines.GetProperty("entries").EnumerateArray().Count(e => e.GetProperty("type").GetString() != "deadline-passed"));
    }

    [Fact]
    public async Task dr_congo_us_obligations_past_due_have_the_deadline_event_in_their_history()
    {
        var deal = await api.Anonymous().GetAsync($"/api/deals/{Id("drc-us-2025", "minerals-for-security")}").Expect(HttpStatusCode.OK);
        var statuses = new List<JsonElement>();
        foreach (var commitment in deal.GetProperty("commitments").EnumerateArray())
            statuses.Add(await api.Status(commitment.GetProperty("id").GetString()!));
        var passed = statuses.Where(s => DateOnly.Parse(s.GetProperty("dueOn").GetString()!) < Today).ToList();
        Assert.Equal(7, passed.Count);

        foreach (var status in passed)
        {
            var id = status.GetProperty("id").GetString()!;
            Assert.Equal(1, await api.WaitForEventsAsync(id, "deadline_passed"));
            var history = await api.Anonymous().GetAsync($"/api/commitments/{id}/history").Expect(HttpStatusCode.OK);
            var deadline = history.EnumerateArray().Single(e => e.GetProperty("type").GetString() == "deadline_passed");
            Assert.Equal(status.GetProperty("dueOn").GetString(), deadline.GetProperty("data").GetProperty("dueOn").GetString());
            Assert.Equal("overdue", (await api.Status(id)).GetProperty("status").GetString());
        }
    }
}
