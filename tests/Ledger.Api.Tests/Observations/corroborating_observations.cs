using System.Net;
using System.Text.Json;
using Ledger.Api.Tests.Hosting;

namespace Ledger.Api.Tests.Observations;

/// <summary>Accepted observations of two organizations that agree corroborate each other; ones that disagree contest it.</summary>
[Collection(AnalyticsCollection.Name)]
public sealed class corroborating_observations(LedgerApi api)
{
    /// <summary>A commitment of a promisor unique to the test, so gaps filtered by party see only this test's rows.</summary>
    async Task<(string DealId, string Party, string CommitmentId)> CommitmentOfItsOwn(string? party = null)
    {
        party ??= $"Contractor {Guid.NewGuid():N}";
        var dealId = await api.RegisterDeal(new
        {
            title = $"Deal with {party}", summary = "Test deal", sources = new[] { Scenarios.Source() },
            parties = new object[]
            {
                new { name = "Democratic Republic of the Congo", kind = "state", country = "CD" }, new { name = party, kind = "company" },
            },
        });
        var id = await api.MakeCommitment(dealId, new
        {
            promisor = party, title = "Build 500 km of road", category = "roads", target = new { amount = 500, unit = "km" },
            dueOn = "2040-12-31", binding = true, madeOn = "2010-01-01", sources = new[] { Scenarios.Source() },
        });
        return (dealId, party, id);
    }

    async Task<string> Observe(HttpClient observer, string commitmentId, decimal? amount, string assessment = "partially-delivered",
        string observedOn = "2024-03-01")
    {
        var id = await api.SubmitObservation(observer, commitmentId, new
        {
            observedOn, finding = new { assessment, amount }, narrative = "Seen on site.", language = "en",
        });
        await api.Admin().Post($"/api/observations/{id}/moderation", new { decision = "accepted" }).Expect(HttpStatusCode.OK);
        return id;
    }

    async Task<JsonElement> Gaps(string query) => await api.Anonymous().GetAsync($"/api/gaps?{query}").Expect(HttpStatusCode.OK);

    static IEnumerable<string?> Ids(JsonElement page) =>
        page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString());

    /// <summary>A status view's verification and verified amount.</summary>
    static (string?, decimal) Standing(JsonElement status) =>
        (status.GetProperty("verification").GetString(), status.GetProperty("verified").GetDecimal());

    [Fact]
    public async Task two_organizations_that_agree_corroborate_and_verified_takes_their_amount_before_a_newer_single_source_one()
    {
        var (dealId, _, id) = await CommitmentOfItsOwn();
        var watch = await api.ClientWithRole("observer");
        await Observe(watch, id, 200m, observedOn: "2024-03-01");
        Assert.Equal("single-source", (await api.Status(id)).GetProperty("verification").GetString());

        await Observe(await api.ClientWithRole("observer"), id, 210m, observedOn: "2024-03-20");
        var corroborated = await api.Status(id);
        Assert.Equal(("corroborated", 210m), Standing(corroborated));

        // The watch alone now reports 400: no second organization backs it, so the corroborated 210 stays verified.
        await Observe(watch, id, 400m, observedOn: "2024-09-01");
        var status = await api.Status(id);
        Assert.Equal(("single-source", 210m), Standing(status));

        var scorecard = await api.Anonymous().GetAsync($"/api/deals/{dealId}/scorecard").Expect(HttpStatusCode.OK);
        Assert.Equal(1, scorecard.GetProperty("byVerification").GetProperty("single-source").GetInt32());
        Assert.Equal(0, scorecard.GetProperty("byVerification").GetProperty("corroborated").GetInt32());
        Assert.Equal("single-source", scorecard.GetProperty("commitments")[0].GetProperty("verification").GetString());
    }

    [Fact]
    public async Task organizations_that_disagree_contest_and_the_pages_say_so()
    {
        var (dealId, party, id) = await CommitmentOfItsOwn();
        await Observe(await api.ClientWithRole("observer"), id, 500m, assessment: "delivered");
        await Observe(await api.ClientWithRole("observer"), id, 120m, observedOn: "2024-03-05");

        var status = await api.Status(id);
        Assert.Equal(("contested", 120m), Standing(status));
        await api.WaitForProjectionsAsync(); // the party record reads the gaps read model
        var record = await api.Anonymous().GetAsync($"/api/parties/{Uri.EscapeDataString(party)}/record").Expect(HttpStatusCode.OK);
        Assert.Equal(1, record.GetProperty("byVerification").GetProperty("contested").GetInt32());
        Assert.Equal("contested", record.GetProperty("statuses")[0].GetProperty("verification").GetString());

        var page = await api.Anonymous().GetStringAsync($"/commitments/{id}?lang=en");
        Assert.Contains("""<td id="verification"><span class="status verification-contested">contested</span></td>""", page);
        Assert.Contains("Organizations disagree.", page);
        var french = await api.Anonymous().GetStringAsync($"/deals/{dealId}?lang=fr");
        Assert.Contains("""<span class="status verification-contested">contesté</span>""", french);
        Assert.Contains("<th>Vérification</th>", french);
    }

    [Fact]
    public async Task one_organization_observing_twice_stays_single_source()
    {
        var (_, _, id) = await CommitmentOfItsOwn();
        var watch = await api.ClientWithRole("observer");
        await Observe(watch, id, 100m, observedOn: "2024-03-01");
        await Observe(watch, id, 102m, observedOn: "2024-03-02");

        var status = await api.Status(id);
        Assert.Equal(("single-source", 102m), Standing(status));
        Assert.Equal(2, status.GetProperty("observations").GetProperty("accepted").GetInt32());
    }

    [Fact]
    public async Task gaps_filter_by_verification_today_and_in_the_past_and_a_bad_value_is_400()
    {
        var party = $"Contractor {Guid.NewGuid():N}";
        var (_, _, unverified) = await CommitmentOfItsOwn(party);
        var (_, _, single) = await CommitmentOfItsOwn(party);
        var (_, _, corroborated) = await CommitmentOfItsOwn(party);
        var (_, _, contested) = await CommitmentOfItsOwn(party);
        var (watch, audit) = (await api.ClientWithRole("observer"), await api.ClientWithRole("observer"));
        await Observe(watch, single, 50m);
        await Observe(watch, corroborated, 300m);
        await Observe(audit, corroborated, 290m, observedOn: "2024-03-02");
        await Observe(watch, contested, 100m);
        await Observe(audit, contested, null, assessment: "not-started", observedOn: "2024-03-02");
        await api.WaitForProjectionsAsync();

        var byParty = $"party={Uri.EscapeDataString(party)}";
        foreach (var (value, expected) in new[] { ("unverified", unverified), ("single-source", single), ("corroborated", corroborated),
            ("contested", contested) })
        {
            var today = await Gaps($"{byParty}&verification={value}");
            Assert.Equal([expected], Ids(today));
            Assert.Equal(value, today.GetProperty("items")[0].GetProperty("verification").GetString());
            // The time-travel path filters in memory the same way.
            Assert.Equal([expected], Ids(await Gaps($"{byParty}&verification={value}&asOf=2024-06-01")));
        }
        Assert.Equal(4, (await Gaps(byParty)).GetProperty("total").GetInt32());
        // Before the audit's observations were dated, each commitment stood on the watch's word alone.
        var past = Ids(await Gaps($"{byParty}&verification=single-source&asOf=2024-03-01")).Order(StringComparer.Ordinal);
        Assert.Equal(new[] { single, corroborated, contested }.Order(StringComparer.Ordinal), past);

        using var csv = new HttpRequestMessage(HttpMethod.Get, $"/api/gaps?{byParty}&verification=corroborated&format=csv");
        var lines = (await (await api.Anonymous().SendAsync(csv)).Content.ReadAsStringAsync()).Split("\r\n");
        Assert.EndsWith(",verification", lines[0]);
        Assert.EndsWith(",corroborated", lines[1]);

        await api.Anonymous().GetAsync($"/api/gaps?verification=verified").ExpectProblem(HttpStatusCode.BadRequest, "verification");
    }

    [Fact]
    public async Task known_before_the_second_acceptance_the_verification_is_single_source()
    {
        var (_, party, id) = await CommitmentOfItsOwn();
        await Observe(await api.ClientWithRole("observer"), id, 300m);
        await Observe(await api.ClientWithRole("observer"), id, 310m, observedOn: "2024-03-02");
        var history = (await api.Anonymous().GetAsync($"/api/commitments/{id}/history").Expect(HttpStatusCode.OK)).EnumerateArray()
            .Where(e => e.GetProperty("type").GetString() == "observation_accepted").ToList();
        Assert.Equal(2, history.Count);
        var beforeSecond = Uri.EscapeDataString(history[1].GetProperty("recordedAt").GetDateTimeOffset().AddMilliseconds(-1).ToString("O"));

        var then = await api.Anonymous().GetAsync($"/api/commitments/{id}?knownAt={beforeSecond}").Expect(HttpStatusCode.OK);
        Assert.Equal(("single-source", 300m), Standing(then));
        Assert.Equal("corroborated", (await api.Status(id)).GetProperty("verification").GetString());

        // The gaps' time travel recomputes each row from the facts the read model holds: wait until it holds both acceptances.
        await api.WaitForProjectionsAsync();
        var byParty = $"party={Uri.EscapeDataString(party)}";
        Assert.Equal([id], Ids(await Gaps($"{byParty}&verification=single-source&knownAt={beforeSecond}")));
        Assert.Empty(Ids(await Gaps($"{byParty}&verification=corroborated&knownAt={beforeSecond}")));
    }
}
