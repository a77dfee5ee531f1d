using System.Net;
using Ledger.Api.Tests.Hosting;

namespace Ledger.Api.Tests.Deals;

[Collection(AnalyticsCollection.Name)]
public sealed class deal_scorecard(LedgerApi api)
{
    [Fact]
    public async Task the_scorecard_sums_per_unit_and_never_adds_kilometres_to_dollars()
    {
        var dealId = await api.RegisterDeal();
        var rail = await api.MakeCommitment(dealId, Scenarios.Commitment(amount: 3000, unit: "km", title: "Railway"));
        var roads = await api.MakeCommitment(dealId, Scenarios.Commitment(amount: 1000, unit: "km", title: "Roads"));
        var money = await api.MakeCommitment(dealId, Scenarios.Commitment(amount: 3_000_000_000, unit: "USD", title: "Infrastructure financing"));
        await api.Admin().Post($"/api/commitments/{money}/claims", new
        {
            claimedBy = "Sicomines", amount = 1_500_000_000, asOf = "2023-03-24", sources = new[] { Scenarios.Source() },
        }).Expect(HttpStatusCode.Created);
        var observer = await api.ClientWithRole("observer");
        var audit = await api.SubmitObservation(observer, money, new
        {
            observedOn = "2023-02-16", finding = new { assessment = "partially-delivered", amount = 822_000_000 }, narrative = "IGF audit", language = "fr",
        });
        await api.Admin().Post($"/api/observations/{audit}/moderation", new { decision = "accepted" }).Expect(HttpStatusCode.OK);
        var seen = await api.SubmitObservation(observer, roads, Scenarios.Observation(amount: 1200));
        await api.Admin().Post($"/api/observations/{seen}/moderation", new { decision = "accepted" }).Expect(HttpStatusCode.OK);

        var scorecard = await api.Anonymous().GetAsync($"/api/deals/{dealId}/scorecard").Expect(HttpStatusCode.OK);

        Assert.Equal(dealId, scorecard.GetProperty("dealId").GetString());
        var units = scorecard.GetProperty("byUnit").EnumerateArray().ToDictionary(u => u.GetProperty("unit").GetString()!);
        Assert.Equal(["USD", "km"], units.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(4000m, units["km"].GetProperty("promised").GetDecimal());
        Assert.Equal(1200m, units["km"].GetProperty("verified").GetDecimal());
        Assert.Equal(3000m, units["km"].GetProperty("gap").GetDecimal()); // the railway's 3000; the over-delivered roads hide nothing
        Assert.Equal(0.25m, units["km"].GetProperty("fulfilment").GetDecimal());
        Assert.Equal(3_000_000_000m, units["USD"].GetProperty("promised").GetDecimal());
        Assert.Equal(1_500_000_000m, units["USD"].GetProperty("claimed").GetDecimal());
        Assert.Equal(822_000_000m, units["USD"].GetProperty("verified").GetDecimal());

        var counts = scorecard.GetProperty("counts");
        Assert.Equal(1, counts.GetProperty("delivered").GetInt32());
        Assert.Equal(1, counts.GetProperty("in-progress").GetInt32());
        Assert.Equal(1, counts.GetProperty("not-started").GetInt32());
        Assert.Equal(0, counts.GetProperty("withdrawn").GetInt32());
        Assert.Equal(3, scorecard.GetProperty("commitments").GetArrayLength());
        var financing = scorecard.GetProperty("commitments").EnumerateArray().Single(c => c.GetProperty("id").GetString() == money);
        Assert.Equal(678_000_000m, financing.GetProperty("claimGap").GetDecimal());
        Assert.Equal(rail, scorecard.GetProperty("commitments").EnumerateArray()
            .Single(c => c.GetProperty("title").GetString() == "Railway").GetProperty("id").GetString());
    }

    [Fact]
    public async Task the_scorecard_on_a_past_date_counts_only_what_had_happened_by_then()
    {
        var dealId = await api.RegisterDeal();
        var money = await api.MakeCommitment(dealId, Scenarios.Commitment(amount: 3_000_000_000, unit: "USD", dueOn: null, title: "Financing"));
        await api.Admin().Post($"/api/commitments/{money}/claims", new
        {
            claimedBy = "Sicomines", amount = 900_000_000, asOf = "2023-03-24", sources = new[] { Scenarios.Source() },
        }).Expect(HttpStatusCode.Created);

        var before = await api.Anonymous().GetAsync($"/api/deals/{dealId}/scorecard?asOf=2020-01-01").Expect(HttpStatusCode.OK);
        Assert.Equal(0m, before.GetProperty("byUnit")[0].GetProperty("claimed").GetDecimal());
        Assert.Equal("2020-01-01", before.GetProperty("asOf").GetString());
        var beforeMade = await api.Anonymous().GetAsync($"/api/deals/{dealId}/scorecard?asOf=2000-01-01").Expect(HttpStatusCode.OK);
        Assert.Equal(0, beforeMade.GetProperty("commitments").GetArrayLength());

        var knownBefore = await api.Anonymous().GetAsync($"/api/deals/{dealId}/scorecard?knownAt=2001-01-01T00:00:00Z")
            .ExpectProblem(HttpStatusCode.NotFound);
        Assert.Contains("not been registered", knownBefore.GetProperty("detail").GetString());
        await api.Anonymous().GetAsync($"/api/deals/{dealId}/scorecard?asOf=yesterday").ExpectProblem(HttpStatusCode.BadRequest, "asOf");
        await api.Anonymous().GetAsync($"/api/deals/{Guid.NewGuid()}/scorecard").ExpectProblem(HttpStatusCode.NotFound);
    }
}
