using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Ledger.Api.Tests.Hosting;

namespace Ledger.Api.Tests.Commitments;

[Collection(AnalyticsCollection.Name)]
public sealed class querying_gaps(LedgerApi api)
{
    /// <summary>A deal whose promisor is unique to the test, so queries filtered by party see only this test's commitments.</summary>
    async Task<(string DealId, string Party)> DealOfItsOwn()
    {
        var party = $"Contractor {Guid.NewGuid():N}";
        var dealId = await api.RegisterDeal(new
        {
            title = $"Deal with {party}",
            parties = new object[]
            {
                new { name = "Democratic Republic of the Congo", kind = "state", country = "CD" },
                new { name = party, kind = "company" },
            },
            summary = "Test deal", sources = new[] { Scenarios.Source() },
        });
        return (dealId, party);
    }

    async Task<string> Commit(string dealId, string party, decimal amount, string unit = "km", string? dueOn = "2040-12-31", string category = "roads") =>
        await api.MakeCommitment(dealId, new
        {
            promisor = party, title = $"{amount} {unit} of {category}", category, target = new { amount, unit }, dueOn, binding = true,
            madeOn = "2010-01-01", sources = new[] { Scenarios.Source() },
        });

    async Task Verify(string commitmentId, decimal amount, string observedOn = "2024-03-01")
    {
        var observer = await api.ClientWithRole("observer");
        var id = await api.SubmitObservation(observer, commitmentId, new
        {
            observedOn, finding = new { assessment = "partially-delivered", amount }, narrative = "Seen", language = "en",
        });
        await api.Admin().Post($"/api/observations/{id}/moderation", new { decision = "accepted" }).Expect(HttpStatusCode.OK);
    }

    static IEnumerable<string?> Ids(JsonElement page) => page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString());

    [Fact]
    public async Task gaps_list_the_largest_gaps_of_a_unit_first_with_a_total_and_stable_pages()
    {
        var (dealId, party) = await DealOfItsOwn();
        var small = await Commit(dealId, party, 100);
        var large = await Commit(dealId, party, 5000);
        var middle = await Commit(dealId, party, 900);
        var tieA = await Commit(dealId, party, 300);
        var tieB = await Commit(dealId, party, 300);
        await api.WaitForProjectionsAsync();

        var page = await api.Anonymous().GetAsync($"/api/gaps?party={Uri.EscapeDataString(party)}").Expect(HttpStatusCode.OK);
        var ties = new[] { tieA, tieB }.Order(StringComparer.Ordinal).ToArray();
        Assert.Equal([large, middle, .. ties.Select(Guid.Parse).Order().Select(g => g.ToString()), small], Ids(page));
        Assert.Equal(5, page.GetProperty("total").GetInt64());
        // One unit (km): ranked within it, by the default sort, which says so.
        Assert.Equal("unit", page.GetProperty("sort").GetString());
        Assert.Equal("desc", page.GetProperty("order").GetString());

        var second = await api.Anonymous().GetAsync($"/api/gaps?party={Uri.EscapeDataString(party)}&pageSize=2&page=2").Expect(HttpStatusCode.OK);
        Assert.Equal(Ids(page).Skip(2).Take(2), Ids(second));
        Assert.Equal(5, second.GetProperty("total").GetInt64());
        var beyond = await api.Anonymous().GetAsync($"/api/gaps?party={Uri.EscapeDataString(party)}&pageSize=2&page=9").Expect(HttpStatusCode.OK);
        Assert.Empty(Ids(beyond));

        var ascending = await api.Anonymous().GetAsync($"/api/gaps?party={Uri.EscapeDataString(party)}&order=asc").Expect(HttpStatusCode.OK);
        Assert.Equal(small, Ids(ascending).First());
    }

    [Fact]
    public async Task gaps_filter_by_deal_unit_category_status_rating_and_overdue()
    {
        var (dealId, party) = await DealOfItsOwn();
        var roads = await Commit(dealId, party, 1000);
        var money = await Commit(dealId, party, 5_000_000, unit: "USD", category: "finance");
        var late = await Commit(dealId, party, 200, dueOn: "2015-12-31", category: "rail");
        var done = await Commit(dealId, party, 50, category: "health");
        await Verify(done, 50);
        await api.WaitForEventsAsync(late, "deadline_passed");
        await api.WaitForProjectionsAsync();
        var p = Uri.EscapeDataString(party);

        Assert.Equal([money], Ids(await api.Anonymous().GetAsync($"/api/gaps?party={p}&unit=USD").Expect(HttpStatusCode.OK)));
        Assert.Equal([late], Ids(await api.Anonymous().GetAsync($"/api/gaps?dealId={dealId}&category=rail").Expect(HttpStatusCode.OK)));
        Assert.Equal([late], Ids(await api.Anonymous().GetAsync($"/api/gaps?dealId={dealId}&overdue=true").Expect(HttpStatusCode.OK)));
        Assert.Equal([late], Ids(await api.Anonymous().GetAsync($"/api/gaps?dealId={dealId}&rating=broken").Expect(HttpStatusCode.OK)));
        Assert.Equal([done], Ids(await api.Anonymous().GetAsync($"/api/gaps?dealId={dealId}&status=delivered").Expect(HttpStatusCode.OK)));
        Assert.Equal([done], Ids(await api.Anonymous().GetAsync($"/api/gaps?dealId={dealId}&rating=kept").Expect(HttpStatusCode.OK)));
        Assert.Equal(3, (await api.Anonymous().GetAsync($"/api/gaps?dealId={dealId}&overdue=false").Expect(HttpStatusCode.OK))
            .GetProperty("total").GetInt64());
        var byDue = await api.Anonymous().GetAsync($"/api/gaps?dealId={dealId}&sort=dueOn").Expect(HttpStatusCode.OK);
        Assert.Equal(late, Ids(byDue).First());
        var byFulfilment = await api.Anonymous().GetAsync($"/api/gaps?dealId={dealId}&sort=fulfilment&order=desc").Expect(HttpStatusCode.OK);
        Assert.Equal(done, Ids(byFulfilment).First());
        Assert.Equal(roads, Ids(await api.Anonymous().GetAsync($"/api/gaps?dealId={dealId}&unit=km&category=roads").Expect(HttpStatusCode.OK)).Single());
    }

    [Fact]
    public async Task gaps_on_a_past_date_or_as_known_earlier_are_recomputed_from_the_recorded_facts()
    {
        var (dealId, party) = await DealOfItsOwn();
        var roads = await Commit(dealId, party, 1000, dueOn: "2020-12-31");
        await Verify(roads, 1000, observedOn: "2022-05-01");
        await api.WaitForProjectionsAsync();

        var today = await api.Anonymous().GetAsync($"/api/gaps?dealId={dealId}").Expect(HttpStatusCode.OK);
        Assert.Equal("delivered", today.GetProperty("items")[0].GetProperty("status").GetString());

        var in2021 = await api.Anonymous().GetAsync($"/api/gaps?dealId={dealId}&asOf=2021-06-01&overdue=true").Expect(HttpStatusCode.OK);
        Assert.Equal([roads], Ids(in2021));
        Assert.Equal(1000m, in2021.GetProperty("items")[0].GetProperty("gap").GetDecimal());
        Assert.Equal("2021-06-01", in2021.GetProperty("asOf").GetString());

        var longAgo = await api.Anonymous().GetAsync($"/api/gaps?dealId={dealId}&knownAt=2001-01-01T00:00:00Z").Expect(HttpStatusCode.OK);
        Assert.Equal(0, longAgo.GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task gaps_come_as_csv_when_asked_with_the_same_rows()
    {
        var (dealId, party) = await DealOfItsOwn();
        await Commit(dealId, party, 700, category: "roads");
        var hostile = await api.MakeCommitment(dealId, new
        {
            promisor = party, title = "=HYPERLINK(\"http://evil\"), \"quoted\"\nsecond line", category = "roads", target = new { amount = 800, unit = "km" },
            binding = false, madeOn = "2010-01-01", sources = new[] { Scenarios.Source() },
        });
        await api.WaitForProjectionsAsync();

        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/gaps?dealId={dealId}");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));
        using var response = await api.Anonymous().SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("2", response.Headers.GetValues("X-Total-Count").Single());
        var csv = await response.Content.ReadAsStringAsync();
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("id,dealId,title,promisor", lines[0]);
        Assert.StartsWith(hostile, lines[1]); // the larger gap first, as in JSON
        Assert.Contains("\"'=HYPERLINK(\"\"http://evil\"\"), \"\"quoted\"\"\nsecond line\"", csv);

        var viaQuery = await api.Anonymous().GetStringAsync($"/api/gaps?dealId={dealId}&format=csv");
        Assert.Equal(csv, viaQuery);
    }

    [Theory]
    [InlineData("sort=size", "sort")]
    [InlineData("order=up", "order")]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("pageSize=10000", "pageSize")]
    [InlineData("page=0", "page")]
    [InlineData("status=late", "status")]
    [InlineData("rating=great", "rating")]
    [InlineData("unit=miles", "unit")]
    [InlineData("overdue=maybe", "overdue")]
    [InlineData("dealId=42", "dealId")]
    [InlineData("asOf=2024-02-30", "asOf")]
    [InlineData("knownAt=yesterday", "knownAt")]
    [InlineData("format=xml", "format")]
    public async Task bad_query_parameters_are_400_naming_the_parameter(string query, string field) =>
        await api.Anonymous().GetAsync($"/api/gaps?{query}").ExpectProblem(HttpStatusCode.BadRequest, field);
}
