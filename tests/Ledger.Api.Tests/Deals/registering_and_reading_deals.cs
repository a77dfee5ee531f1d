using System.Net;
using Ledger.Api.Tests.Hosting;

namespace Ledger.Api.Tests.Deals;

[Collection(DealsCollection.Name)]
public sealed class registering_and_reading_deals(LedgerApi api)
{
    [Fact]
    public async Task a_registered_deal_is_listed_and_readable_with_its_commitments()
    {
        var title = $"Sicomines convention {Guid.NewGuid():N}";
        using var created = await api.Admin().Post("/api/deals", Scenarios.Deal(title));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Json();
        var dealId = body.GetProperty("id").GetString()!;
        Assert.Equal(1, body.GetProperty("version").GetInt64());
        Assert.Equal($"/api/deals/{dealId}", created.Headers.Location?.OriginalString);

        var commitmentId = await api.MakeCommitment(dealId, Scenarios.Commitment(title: "Rehabilitate 3,215 km of railway"));

        var list = await api.Anonymous().GetAsync("/api/deals").Expect(HttpStatusCode.OK);
        Assert.Contains(list.EnumerateArray(), d => d.GetProperty("id").GetString() == dealId && d.GetProperty("title").GetString() == title);

        var deal = await api.Anonymous().GetAsync($"/api/deals/{dealId}").Expect(HttpStatusCode.OK);
        Assert.Equal(title, deal.GetProperty("title").GetString());
        Assert.Equal("state", deal.GetProperty("parties")[0].GetProperty("kind").GetString());
        Assert.Equal("2008-04-22", deal.GetProperty("signedOn").GetString());
        Assert.Equal("https://example.org/source", deal.GetProperty("sources")[0].GetProperty("url").GetString());
        var commitment = Assert.Single(deal.GetProperty("commitments").EnumerateArray());
        Assert.Equal(commitmentId, commitment.GetProperty("id").GetString());
        Assert.Equal("Rehabilitate 3,215 km of railway", commitment.GetProperty("title").GetString());
    }

    [Fact]
    public async Task amendments_and_announcements_are_appended_to_the_deal()
    {
        var dealId = await api.RegisterDeal();
        var amendment = await api.Admin().Post($"/api/deals/{dealId}/amendments", new
        {
            effectiveOn = "2009-10-01", summary = "Infrastructure tranche reduced after IMF review", sources = new[] { Scenarios.Source() },
        }).Expect(HttpStatusCode.Created);
        var announcement = await api.Admin().Post($"/api/deals/{dealId}/announcements", new
        {
            speaker = "Patrick Muyaya", speakerRole = "Government spokesperson", madeOn = "2025-03-20",
            statement = "Les discussions avancent.", language = "fr", sources = new[] { Scenarios.Source() },
        }).Expect(HttpStatusCode.Created);

        var deal = await api.Anonymous().GetAsync($"/api/deals/{dealId}").Expect(HttpStatusCode.OK);
        Assert.Equal(amendment.GetProperty("id").GetString(), deal.GetProperty("amendments")[0].GetProperty("id").GetString());
        Assert.Equal("2009-10-01", deal.GetProperty("amendments")[0].GetProperty("effectiveOn").GetString());
        Assert.Equal(announcement.GetProperty("id").GetString(), deal.GetProperty("announcements")[0].GetProperty("id").GetString());
        Assert.Equal("Les discussions avancent.", deal.GetProperty("announcements")[0].GetProperty("statement").GetString());
        Assert.Equal(3, deal.GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task unknown_deals_are_404_on_every_route()
    {
        var unknown = Guid.NewGuid();
        await api.Anonymous().GetAsync($"/api/deals/{unknown}").ExpectProblem(HttpStatusCode.NotFound);
        await api.Admin().Post($"/api/deals/{unknown}/amendments", new { effectiveOn = "2020-01-01", summary = "x", sources = new[] { Scenarios.Source() } })
            .ExpectProblem(HttpStatusCode.NotFound);
        await api.Admin().Post($"/api/deals/{unknown}/announcements", new { }).ExpectProblem(HttpStatusCode.NotFound);
        await api.Admin().Post($"/api/deals/{unknown}/commitments", Scenarios.Commitment()).ExpectProblem(HttpStatusCode.NotFound);
        await api.Anonymous().GetAsync("/api/deals/not-a-guid").ExpectProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task an_invalid_deal_names_every_bad_field_and_records_nothing()
    {
        var before = await api.CountEventsAsync();
        var problem = await api.Admin().Post("/api/deals", new
        {
            title = "",
            parties = new object[] { new { name = "Only one", kind = "state", country = "Congo" } },
            summary = new string('x', 5001),
            sources = new object[] { new { url = "ftp://example.org/x", publisher = "", publishedOn = (string?)null } },
        }).ExpectProblem(HttpStatusCode.BadRequest,
            "title", "parties", "summary", "sources[0].url", "sources[0].publisher", "sources[0].publishedOn", "parties[0].country");
        Assert.Contains("title", problem.GetProperty("detail").GetString());
        Assert.Equal(before, await api.CountEventsAsync());
    }

    [Fact]
    public async Task an_amendment_without_sources_is_refused()
    {
        var dealId = await api.RegisterDeal();
        await api.Admin().Post($"/api/deals/{dealId}/amendments", new { effectiveOn = "2009-10-01", summary = "No source" })
            .ExpectProblem(HttpStatusCode.BadRequest, "sources");
        await api.Admin().Post($"/api/deals/{dealId}/announcements", new
        {
            speaker = "X", speakerRole = "Y", madeOn = "2199-01-01", statement = "Z", language = "french!", sources = new[] { Scenarios.Source() },
        }).ExpectProblem(HttpStatusCode.BadRequest, "madeOn", "language");
        Assert.Equal(1, await api.CountEventsAsync(dealId));
    }
}
