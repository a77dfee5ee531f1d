using System.Net;
using System.Text.Json;
using Ledger.Api.Tests.Hosting;

namespace Ledger.Api.Tests.Observations;

/// <summary>Anonymous to the public, accountable to the ledger: what each caller is shown of an observation.</summary>
[Collection(ObservationsCollection.Name)]
public sealed class observer_privacy(LedgerApi api)
{
    // Scenarios.Observation() is seen at (-10.71, 25.47): on the 0.1° grid, the centre of its cell is (-10.75, 25.45).
    const double Lat = -10.71, Lon = 25.47, CoarseLat = -10.75, CoarseLon = 25.45;

    async Task<(string DealId, string CommitmentId, string ObservationId, HttpClient Observer)> Submitted()
    {
        var (dealId, commitmentId) = await api.DealWithCommitment();
        var observer = await api.ClientWithRole("observer");
        return (dealId, commitmentId, await api.SubmitObservation(observer, commitmentId), observer);
    }

    /// <summary>An observer and a curator of one organization, and the organization's id.</summary>
    async Task<(HttpClient Observer, HttpClient Curator)> OneOrganization()
    {
        var admin = api.Admin();
        var org = await admin.Post("/api/organizations", new { name = $"Watch {Guid.NewGuid():N}" }).Expect(HttpStatusCode.Created);
        var orgId = org.GetProperty("id").GetString();
        async Task<HttpClient> Key(string role) => api.WithKey((await admin.Post($"/api/organizations/{orgId}/keys",
            new { role }).Expect(HttpStatusCode.Created)).GetProperty("key").GetString()!);
        return (await Key("observer"), await Key("curator"));
    }

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
    public async Task no_anonymous_response_carries_the_submitted_position()
    {
        var (dealId, commitmentId, observationId, _) = await Submitted();
        await api.Admin().Post($"/api/observations/{observationId}/moderation", new { decision = "accepted" })
            .Expect(HttpStatusCode.OK);
        await api.WaitForProjectionsAsync();
        var anonymous = api.Anonymous();
        string[] urls =
        [
            $"/api/observations/{observationId}", $"/api/commitments/{commitmentId}/observations",
            $"/api/commitments/{commitmentId}/history", $"/api/commitments/{commitmentId}", $"/api/deals/{dealId}/timeline",
            $"/api/deals/{dealId}/scorecard", $"/api/gaps?dealId={dealId}", $"/api/gaps?dealId={dealId}&format=csv",
            $"/commitments/{commitmentId}", $"/deals/{dealId}", "/api/ledger/entries?start=0&count=1000",
        ];
        foreach (var url in urls)
        {
            using var response = await anonymous.GetAsync(url);
            Assert.True(response.IsSuccessStatusCode, $"{url} answered {(int)response.StatusCode}");
            var body = await response.Content.ReadAsStringAsync();
            Assert.DoesNotContain("-10.71", body);
            Assert.DoesNotContain("25.47", body);
        }
    }
}
