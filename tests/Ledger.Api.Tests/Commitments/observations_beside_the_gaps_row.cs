using System.Net;
using System.Text.Json;
using Ledger.Api.Tests.Hosting;

namespace Ledger.Api.Tests.Commitments;

/// <summary>
/// The gaps row of a commitment keeps what its observations add up to, not the observations: they have documents of
/// their own, which time travel folds. The answers are the same as when the row held them.
/// </summary>
[Collection(AnalyticsCollection.Name)]
public sealed class observations_beside_the_gaps_row(LedgerApi api)
{
    static readonly string[] Figures = ["verified", "observations", "lastObservedOn", "lastProgressOn", "status", "rating", "verification", "gap"];

    [Fact]
    public async Task the_row_counts_its_observations_without_holding_them_and_time_travel_reads_them_from_their_documents()
    {
        var (dealId, id) = await api.DealWithCommitment(Scenarios.Commitment(amount: 100, dueOn: null));
        var observer = await api.ClientWithRole("observer");
        var observations = new List<string>();
        for (var i = 1; i <= 3; i++) observations.Add(await api.SubmitObservation(observer, id, Scenarios.Observation(amount: 10 * i)));
        var beforeDecisions = Uri.EscapeDataString(DateTimeOffset.UtcNow.ToString("O"));
        await api.Admin().Post($"/api/observations/{observations[0]}/moderation", new { decision = "accepted" }).Expect(HttpStatusCode.OK);
        await api.Admin().Post($"/api/observations/{observations[1]}/moderation", new { decision = "rejected", reason = "Duplicate" })
            .Expect(HttpStatusCode.OK);
        await api.WaitForProjectionsAsync();

        // Today's page comes from the row alone, and agrees with the status folded from the events.
        var item = await OnlyItem($"/api/gaps?dealId={dealId}");
        var status = await api.Status(id);
        foreach (var figure in Figures) Assert.Equal(status.GetProperty(figure).ToString(), item.GetProperty(figure).ToString());
        Assert.Equal((1, 1, 1), Counts(item));
        Assert.Equal(10m, item.GetProperty("verified").GetDecimal());

        Assert.Equal(0, await api.ScalarAsync<int>(
            "SELECT jsonb_array_length(data->'facts'->'observations') FROM mt_doc_trackedcommitment WHERE id = @id::uuid", ("id", id)));
        Assert.Equal(3, await api.ScalarAsync<int>(
            "SELECT (data->>'observationsRecorded')::int FROM mt_doc_trackedcommitment WHERE id = @id::uuid", ("id", id)));
        var documents = await Sql.ColumnAsync<Guid>(api.ConnectionString,
            $"SELECT id FROM mt_doc_trackedobservation WHERE commitment_id = '{Guid.Parse(id)}' ORDER BY id");
        Assert.Equal(observations.Select(Guid.Parse).Order(), documents);

        // As known before any decision: three pending, nothing verified. As known now: the same figures as today's row.
        var then = await OnlyItem($"/api/gaps?dealId={dealId}&knownAt={beforeDecisions}");
        Assert.Equal((0, 3, 0), Counts(then));
        Assert.Equal(0m, then.GetProperty("verified").GetDecimal());
        var now = Uri.EscapeDataString(DateTimeOffset.UtcNow.ToString("O"));
        var knownNow = await OnlyItem($"/api/gaps?dealId={dealId}&knownAt={now}");
        foreach (var figure in Figures) Assert.Equal(item.GetProperty(figure).ToString(), knownNow.GetProperty(figure).ToString());
    }

    [Fact]
    public async Task a_wide_question_streams_every_observation_and_answers_as_each_deal_and_the_party_record_do()
    {
        // A category of its own, neither a party nor a deal: the observations come merged from one stream.
        // A party of its own too, whose record joins the observations on its rows.
        var category = $"merge-{Guid.NewGuid():N}"[..14];
        var party = $"Party {category}";
        var observer = await api.ClientWithRole("observer");
        var deals = new List<string>();
        var decisions = new List<(string Id, string Decision)>();
        for (var d = 0; d < 2; d++)
        {
            var dealId = await api.RegisterDeal(new
            {
                title = $"Roads for {party}",
                parties = new object[]
                {
                    new { name = "Democratic Republic of the Congo", kind = "state", country = "CD" },
                    new { name = party, kind = "company", country = "CD" },
                },
                summary = "A deal of this test's own party.", signedOn = "2008-04-22", sources = new[] { Scenarios.Source() },
            });
            deals.Add(dealId);
            for (var c = 0; c < 3; c++)
            {
                var id = await api.MakeCommitment(dealId, InCategory(party, category, 100 + 10 * c));
                for (var o = 0; o < (d + c) % 3; o++)
                    decisions.Add((await api.SubmitObservation(observer, id, Scenarios.Observation(amount: 5 + o)),
                        o == 0 ? "accepted" : "rejected"));
            }
        }
        var beforeDecisions = Uri.EscapeDataString(DateTimeOffset.UtcNow.ToString("O"));
        foreach (var (observation, decision) in decisions)
            await api.Admin().Post($"/api/observations/{observation}/moderation",
                decision == "accepted" ? new { decision } : new { decision, reason = "Duplicate" }).Expect(HttpStatusCode.OK);
        await api.WaitForProjectionsAsync();
        var now = Uri.EscapeDataString(DateTimeOffset.UtcNow.ToString("O"));

        foreach (var when in new[] { $"knownAt={beforeDecisions}", $"knownAt={now}", "asOf=2024-06-01" })
        {
            var wide = await Items($"/api/gaps?category={category}&{when}&pageSize=500");
            var byDeal = new List<JsonElement>();
            foreach (var dealId in deals) byDeal.AddRange(await Items($"/api/gaps?dealId={dealId}&{when}&pageSize=500"));
            Assert.Equal(6, wide.Count);
            Assert.Equal(byDeal.Select(Id).Order(), wide.Select(Id).Order());
            var record = await api.Anonymous().GetAsync($"/api/parties/{Uri.EscapeDataString(party)}/record?{when}")
                .Expect(HttpStatusCode.OK);
            var ofParty = record.GetProperty("statuses").EnumerateArray().ToList();
            Assert.Equal(wide.Select(Id).Order(), ofParty.Select(Id).Order());
            foreach (var item in wide)
                foreach (var figure in Figures)
                {
                    var expected = item.GetProperty(figure).ToString();
                    Assert.Equal(expected, byDeal.Single(i => Id(i) == Id(item)).GetProperty(figure).ToString());
                    Assert.Equal(expected, ofParty.Single(i => Id(i) == Id(item)).GetProperty(figure).ToString());
                }
        }
        var known = await Items($"/api/gaps?category={category}&knownAt={now}&pageSize=500");
        Assert.Equal((4, 0, 2), (known.Sum(i => Counts(i).Item1), known.Sum(i => Counts(i).Item2), known.Sum(i => Counts(i).Item3)));
        foreach (var item in known)
        {
            var status = await api.Status(Id(item));
            foreach (var figure in Figures) Assert.Equal(status.GetProperty(figure).ToString(), item.GetProperty(figure).ToString());
        }
    }

    static object InCategory(string promisor, string category, decimal amount) => new
    {
        promisor, beneficiary = "Democratic Republic of the Congo", title = "Build a road", category,
        target = new { amount, unit = "km" }, dueOn = "2030-12-31", binding = true, madeOn = "2008-04-22",
        sources = new[] { Scenarios.Source() },
    };

    static string Id(JsonElement item) => item.GetProperty("id").GetString()!;

    async Task<List<JsonElement>> Items(string url) =>
        [.. (await api.Anonymous().GetAsync(url).Expect(HttpStatusCode.OK)).GetProperty("items").EnumerateArray()];

    async Task<JsonElement> OnlyItem(string url) =>
        (await api.Anonymous().GetAsync(url).Expect(HttpStatusCode.OK)).GetProperty("items").EnumerateArray().Single();

    static (int, int, int) Counts(JsonElement status)
    {
        var o = status.GetProperty("observations");
        return (o.GetProperty("accepted").GetInt32(), o.GetProperty("pending").GetInt32(), o.GetProperty("rejected").GetInt32());
    }
}
