using System.Net;
using System.Text.Json;
using Ledger.Api.Tests.Hosting;
using Ledger.Seeding;

namespace Ledger.Api.Tests.Commitments;

/// <summary>The Sicomines infrastructure financing over time: the 2008 baseline, the 2009 cut, the 2024 extension to 2040, the 2023 audit.</summary>
[Collection(SeedsCollection.Name)]
public sealed class promises_over_time(SeededLedgerApi api)
{
    static string Id(string key) => SeedPlanner.IdOf("sicomines-2008", key).ToString();
    static readonly string Infrastructure = Id("infrastructure-financing");
    static readonly string Sicomines = Id("convention-2008");

    static JsonElement PointOn(JsonElement series, string on, string kind) =>
        series.GetProperty("points").EnumerateArray()
            .Single(p => p.GetProperty("on").GetString() == on && p.GetProperty("kind").GetString() == kind);

    static string FirstSource(JsonElement point) => point.GetProperty("sources")[0].GetProperty("url").GetString()!;

    [Fact]
    public async Task the_commitment_series_tells_the_2008_baseline_the_2009_cut_the_2024_extension_and_the_2023_audit()
    {
        var series = await api.Anonymous().GetAsync($"/api/commitments/{Infrastructure}/series").Expect(HttpStatusCode.OK);

        Assert.Equal(6_565_000_000m, series.GetProperty("originalTarget").GetDecimal());
        var baseline = PointOn(series, "2008-01-01", "baseline");
        Assert.Equal("year", baseline.GetProperty("datePrecision").GetString());
        Assert.Equal(6_565_000_000m, baseline.GetProperty("target").GetDecimal());
        Assert.StartsWith("https://deskeco.com/", FirstSource(baseline));

        var cut = PointOn(series, "2009-10-01", "amendment");
        Assert.Equal("month", cut.GetProperty("datePrecision").GetString());
        Assert.Equal(3_000_000_000m, cut.GetProperty("target").GetDecimal());
        Assert.StartsWith("http://congonewschannel.blogspot.com/2009/10/", FirstSource(cut));

        var audit = PointOn(series, "2023-02-16", "verified");
        Assert.False(audit.TryGetProperty("datePrecision", out _)); // dated to the day
        Assert.Equal(822_000_000m, audit.GetProperty("verified").GetDecimal());
        Assert.Equal(3_000_000_000m, audit.GetProperty("target").GetDecimal());
        Assert.Equal("https://www.bizcommunity.com/Article/51/604/236077.html", FirstSource(audit));

        var extension = PointOn(series, "2024-03-14", "amendment");
        Assert.Equal(7_000_000_000m, extension.GetProperty("target").GetDecimal());
        Assert.Equal(822_000_000m, extension.GetProperty("verified").GetDecimal());
        Assert.StartsWith("https://kt.cd/", FirstSource(extension));
        var due = PointOn(series, "2040-12-31", "due");
        Assert.Equal(7_000_000_000m, due.GetProperty("target").GetDecimal());
        Assert.Equal(extension.GetProperty("sequence").GetInt64(), due.GetProperty("sequence").GetInt64());

        var dates = series.GetProperty("points").EnumerateArray().Select(p => p.GetProperty("on").GetString()).ToList();
        Assert.Equal(dates.Order(StringComparer.Ordinal), dates);
    }

    [Fact]
    public async Task as_of_2015_the_series_ends_with_the_2009_cut()
    {
        var series = await api.Anonymous().GetAsync($"/api/commitments/{Infrastructure}/series?asOf=2015-01-01").Expect(HttpStatusCode.OK);

        Assert.Equal(["baseline", "amendment"],
            series.GetProperty("points").EnumerateArray().Select(p => p.GetProperty("kind").GetString()));
    }

    [Fact]
    public async Task bad_axes_and_unknown_commitments_are_refused_as_the_status_route_refuses_them()
    {
        await api.Anonymous().GetAsync($"/api/commitments/{Infrastructure}/series?asOf=2015").ExpectProblem(HttpStatusCode.BadRequest, "asOf");
        await api.Anonymous().GetAsync($"/api/commitments/{Guid.CreateVersion7()}/series").Expect(HttpStatusCode.NotFound);
        await api.Anonymous().GetAsync($"/api/commitments/{Infrastructure}/series?asOf=2007-01-01").Expect(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task the_deal_series_sums_the_commitments_of_one_unit()
    {
        var usd = await api.Anonymous().GetAsync($"/api/deals/{Sicomines}/series?unit=USD").Expect(HttpStatusCode.OK);

        Assert.Equal([Infrastructure], usd.GetProperty("commitments").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(7_000_000_000m, PointOn(usd, "2024-03-14", "amendment").GetProperty("target").GetDecimal());
        Assert.All(usd.GetProperty("points").EnumerateArray(), p => Assert.True(p.TryGetProperty("commitmentId", out _)));
    }

    [Fact]
    public async Task a_deal_series_never_sums_what_does_not_add_up()
    {
        // The kilometres are version A's 3,213 km of railway, 3,402 km of roads and 45 km of urban roads, and version B's
        // 3,700 km of railway: two versions of one list, whose sum (10,360 km) was never promised.
        var km = await api.Anonymous().GetAsync($"/api/deals/{Sicomines}/series?unit=km")
            .ExpectProblem(HttpStatusCode.BadRequest, "unit");
        Assert.Contains("annex-2008", km.GetProperty("errors").GetProperty("unit")[0].GetString());
        // The Ukraine fund's two separate 50 % terms are shares, never "100 %".
        var ukraine = SeedPlanner.IdOf("ukraine-us-2025", "reconstruction-investment-fund");
        await api.Anonymous().GetAsync($"/api/deals/{ukraine}/series?unit=percent").ExpectProblem(HttpStatusCode.BadRequest, "unit");
        // Each commitment still has its own series.
        var railway = (await api.Anonymous().GetAsync($"/api/deals/{Sicomines}/scorecard").Expect(HttpStatusCode.OK))
            .GetProperty("commitments").EnumerateArray().First(c => c.GetProperty("unit").GetString() == "km").GetProperty("id").GetString();
        await api.Anonymous().GetAsync($"/api/commitments/{railway}/series").Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task the_deal_page_draws_no_sum_over_time_for_versions_of_one_list()
    {
        var page = await (await api.Anonymous().GetAsync($"/deals/{Sicomines}?lang=en")).Content.ReadAsStringAsync();
        Assert.Contains("id=\"series-USD-points\"", page);
        Assert.DoesNotContain("id=\"series-km-points\"", page);
    }

    [Fact]
    public async Task a_deal_series_needs_a_unit_the_deal_counts_in()
    {
        await api.Anonymous().GetAsync($"/api/deals/{Sicomines}/series").ExpectProblem(HttpStatusCode.BadRequest, "unit");
        await api.Anonymous().GetAsync($"/api/deals/{Sicomines}/series?unit=EUR").ExpectProblem(HttpStatusCode.BadRequest, "unit");
        await api.Anonymous().GetAsync($"/api/deals/{Guid.CreateVersion7()}/series?unit=USD").Expect(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task dates_in_the_api_carry_their_precision()
    {
        var deal = await api.Anonymous().GetAsync($"/api/deals/{Sicomines}").Expect(HttpStatusCode.OK);
        var timeline = await api.Anonymous().GetAsync($"/api/deals/{Sicomines}/timeline").Expect(HttpStatusCode.OK);
        var history = await api.Anonymous().GetAsync($"/api/commitments/{Infrastructure}/history").Expect(HttpStatusCode.OK);

        Assert.False(deal.TryGetProperty("datePrecision", out _)); // signed on 22 April 2008, to the day
        Assert.Equal(["month", "year", null, null], deal.GetProperty("amendments").EnumerateArray()
            .Select(a => a.TryGetProperty("datePrecision", out var p) ? p.GetString() : null));
        var amended2017 = timeline.GetProperty("entries").EnumerateArray()
            .Single(e => e.GetProperty("type").GetString() == "deal-amended" && e.GetProperty("occurredOn").GetString() == "2017-01-01");
        Assert.Equal("year", amended2017.GetProperty("datePrecision").GetString());
        Assert.Equal("year", history[0].GetProperty("datePrecision").GetString());
    }
}
