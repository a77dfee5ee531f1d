using System.Net;
using System.Text.Json;
using Ledger.Api.Tests.Hosting;
using Xunit.Abstractions;

namespace Ledger.Api.Tests.Observations;

/// <summary>Anonymous to the public, accountable to the ledger: what each caller is shown of an observation.</summary>
[Collection(ObservationsCollection.Name)]
public sealed class observer_privacy(LedgerApi api, ITestOutputHelper output)
{
    // Scenarios.Observation() is seen at (-10.71, 25.47): on the 0.1° grid, the centre of its cell is (-10.75, 25.45).
    const double Lat = -10.71, Lon = 25.47, CoarseLat = -10.75, CoarseLon = 25.45;

    async Task<(string DealId, string CommitmentId, string ObservationId, HttpClient Observer)> Submitted()
    {
        var (dealId, commitmentId) = await api.DealWithCommitment();
        var observer = await api.ClientWithRole("observer");
        return (dealId, commitmentId, await api.SubmitObservation(observer, commitmentId), observer);
    }

    Task<(HttpClient Observer, HttpClient Curator)> OneOrganization() => api.OneOrganization();

    static void AssertCoarse(JsonElement location)
    {
        Assert.Equal(CoarseLat, location.GetProperty("lat").GetDouble(), 6);
        Assert.Equal(CoarseLon, location.GetProperty("lon").GetDouble(), 6);
        Assert.Equal(0.1, location.GetProperty("coarsenedTo").GetDouble(), 6);
        Assert.Equal("Kolwezi", location.GetProperty("place").GetString());
    }

    static void AssertPrecise(JsonElement location)
    {
        Assert.Equal(Lat, location.GetProperty("lat").GetDouble(), 6);
        Assert.Equal(Lon, location.GetProperty("lon").GetDouble(), 6);
        Assert.False(location.TryGetProperty("coarsenedTo", out _));
    }

    [Fact]
    public async Task a_pending_observation_does_not_exist_for_the_public_nor_for_other_organizations()
    {
        var (dealId, commitmentId, observationId, observer) = await Submitted();
        var url = $"/api/observations/{observationId}";

        // A curator of another organization, not granted this deal, may not know of it either.
        await (await api.ClientWithRole("curator")).GetAsync(url).ExpectProblem(HttpStatusCode.NotFound);
        var hidden = await api.Anonymous().GetAsync(url).ExpectProblem(HttpStatusCode.NotFound);
        await (await api.ClientWithRole("observer")).GetAsync(url).ExpectProblem(HttpStatusCode.NotFound);
        // The same answer as for an id that was never recorded, but for the id itself.
        var unknownId = Guid.NewGuid().ToString();
        var unknown = await api.Anonymous().GetAsync($"/api/observations/{unknownId}").ExpectProblem(HttpStatusCode.NotFound);
        Assert.Equal(unknown.GetProperty("title").GetString(), hidden.GetProperty("title").GetString());
        Assert.Equal(unknown.GetProperty("detail").GetString()!.Replace(unknownId, observationId),
            hidden.GetProperty("detail").GetString());

        Assert.Equal(HttpStatusCode.OK, (await observer.GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await (await api.CuratorOf(dealId)).GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.Admin().GetAsync(url)).StatusCode);
        var history = await api.Anonymous().GetAsync($"/api/commitments/{commitmentId}/history").Expect(HttpStatusCode.OK);
        Assert.DoesNotContain(observationId, history.GetRawText());
    }

    [Fact]
    public async Task the_public_sees_an_accepted_observations_position_coarsened_and_its_organizations_curator_precisely()
    {
        var (dealId, commitmentId) = await api.DealWithCommitment();
        var (observer, ownCurator) = await OneOrganization();
        var observationId = await api.SubmitObservation(observer, commitmentId);
        await api.Admin().Post($"/api/observations/{observationId}/moderation", new { decision = "accepted" })
            .Expect(HttpStatusCode.OK);
        var url = $"/api/observations/{observationId}";

        AssertCoarse((await api.Anonymous().GetAsync(url).Expect(HttpStatusCode.OK)).GetProperty("location"));
        AssertCoarse((await observer.GetAsync(url).Expect(HttpStatusCode.OK)).GetProperty("location"));
        AssertCoarse((await (await api.ClientWithRole("curator")).GetAsync(url).Expect(HttpStatusCode.OK))
            .GetProperty("location"));
        AssertPrecise((await ownCurator.GetAsync(url).Expect(HttpStatusCode.OK)).GetProperty("location"));
        AssertPrecise((await api.Admin().GetAsync(url).Expect(HttpStatusCode.OK)).GetProperty("location"));

        var listed = await api.Anonymous().GetAsync($"/api/commitments/{commitmentId}/observations").Expect(HttpStatusCode.OK);
        AssertCoarse(Assert.Single(listed.EnumerateArray()).GetProperty("location"));
        var history = await api.Anonymous().GetAsync($"/api/commitments/{commitmentId}/history").Expect(HttpStatusCode.OK);
        var submitted = Assert.Single(history.EnumerateArray(), e => e.GetProperty("type").GetString() == "observation_submitted");
        AssertCoarse(submitted.GetProperty("data").GetProperty("location"));
        var timeline = await api.Anonymous().GetAsync($"/api/deals/{dealId}/timeline").Expect(HttpStatusCode.OK);
        var accepted = Assert.Single(timeline.GetProperty("entries").EnumerateArray(), e => e.GetProperty("observationId")
            .ValueKind == JsonValueKind.String);
        AssertCoarse(accepted.GetProperty("details").GetProperty("location"));
    }

    [Fact]
    public async Task no_public_response_carries_a_precise_position_a_contact_a_pending_observation_or_a_flagged_narrative()
    {
        var tag = Guid.NewGuid().ToString("N")[..10];
        var (dealId, commitmentId) = await api.DealWithCommitment();
        var (observer, _) = await OneOrganization();
        object Report(string narrative, double lat, double lon) => new
        {
            observedOn = "2024-03-01", finding = new { assessment = "partially-delivered", amount = 100 }, narrative, language = "fr",
            location = new { place = "Kolwezi", lat, lon }, observer = $"Veilleur {tag[..4]}", contact = $"signal:w{tag}",
            evidence = new[] { new { sha256 = new string('c', 64), mediaType = "image/jpeg", url = $"https://x.example.org/{tag}.jpg", title = "Site" } },
        };
        var accepted = await api.SubmitObservation(observer, commitmentId,
            Report($"Paved. Call +243 81 300 7109 or write to w{tag}@example.org.", -10.713579, 25.468024));
        await api.Admin().Post($"/api/observations/{accepted}/moderation", new { decision = "accepted" }).Expect(HttpStatusCode.OK);
        var pending = await api.SubmitObservation(observer, commitmentId, Report($"Pending report {tag}", -10.724681, 25.479135));
        await api.WaitForProjectionsAsync();
        string[] secrets = ["-10.713579", "25.468024", "-10.724681", "25.479135", $"signal:w{tag}", $"w{tag}@example.org",
            "+243 81 300 7109", $"Pending report {tag}"];

        var party = Uri.EscapeDataString("Sino-Congolaise des Mines");
        List<string> urls =
        [
            $"/api/observations/{accepted}", $"/api/observations/{pending}", $"/api/commitments/{commitmentId}/observations",
            $"/api/commitments/{commitmentId}/history", $"/api/commitments/{commitmentId}", $"/api/deals/{dealId}/timeline",
            $"/api/deals/{dealId}/scorecard", $"/api/deals/{dealId}", "/api/deals", $"/api/gaps?dealId={dealId}",
            $"/api/gaps?dealId={dealId}&format=csv", "/api/gaps", $"/api/parties/{party}/record",
            "/api/ledger/checkpoint", "/api/ledger/checkpoints", "/", "/gaps", $"/commitments/{commitmentId}", $"/deals/{dealId}",
            $"/commitments/{commitmentId}?lang=fr",
        ];
        var size = (await api.Anonymous().GetAsync("/api/ledger/checkpoint").Expect(HttpStatusCode.OK)).GetProperty("treeSize").GetInt64();
        for (var start = 0L; start < size; start += 1000) urls.Add($"/api/ledger/entries?start={start}&count=1000");

        var anonymous = api.Anonymous();
        foreach (var url in urls)
        {
            using var response = await anonymous.GetAsync(url);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode || url.EndsWith(pending), $"{url} answered {(int)response.StatusCode}");
            foreach (var secret in secrets) Assert.False(body.Contains(secret), $"{url} shows {secret}");
            // The pending observation's id is named only where it was asked for (its 404 names the id it was asked).
            if (!url.EndsWith(pending)) Assert.False(body.Contains(pending), $"{url} names the pending observation");
        }
        var shown = await anonymous.GetAsync($"/api/observations/{accepted}").Expect(HttpStatusCode.OK);
        Assert.Equal("Paved. Call [phone withheld] or write to [email withheld].", shown.GetProperty("narrative").GetString());
        output.WriteLine($"read {urls.Count} public responses; none showed any of {secrets.Length} protected values");
    }
}
