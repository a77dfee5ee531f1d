using System.Net;
using Ledger.Api.Tests.Hosting;

namespace Ledger.Api.Tests.Observations;

[Collection(ObservationsCollection.Name)]
public sealed class submitting_and_moderating(LedgerApi api)
{
    static object Moderation(string decision, string? reason = null) => new { decision, reason };

    [Fact]
    public async Task a_submitted_observation_is_pending_and_does_not_count_as_verified()
    {
        var (_, commitmentId) = await api.DealWithCommitment();
        var observer = await api.ClientWithRole("observer");

        using var response = await observer.Post($"/api/commitments/{commitmentId}/observations", Scenarios.Observation(amount: 120), "first-visit");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var received = await response.Json();
        Assert.Equal("pending", received.GetProperty("status").GetString());
        var observationId = received.GetProperty("id").GetString();
        Assert.Equal($"/api/observations/{observationId}", response.Headers.Location?.OriginalString);

        // Pending: its own organization sees it; anyone else is told it does not exist.
        await api.Anonymous().GetAsync($"/api/observations/{observationId}").ExpectProblem(HttpStatusCode.NotFound);
        var otherObserver = await api.ClientWithRole("observer");
        await otherObserver.GetAsync($"/api/observations/{observationId}").ExpectProblem(HttpStatusCode.NotFound);
        var observation = await observer.GetAsync($"/api/observations/{observationId}").Expect(HttpStatusCode.OK);
        Assert.Equal("pending", observation.GetProperty("status").GetString());
        Assert.Equal("partially-delivered", observation.GetProperty("finding").GetProperty("assessment").GetString());
        Assert.Equal("Kolwezi", observation.GetProperty("location").GetProperty("place").GetString());
        Assert.Equal(new string('a', 64), observation.GetProperty("evidence")[0].GetProperty("sha256").GetString());
        Assert.Equal(0m, (await api.Status(commitmentId)).GetProperty("verified").GetDecimal());
    }

    [Fact]
    public async Task accepted_observations_set_verified_and_delivery_at_the_target_reads_delivered()
    {
        var (dealId, commitmentId) = await api.DealWithCommitment(Scenarios.Commitment(amount: 300, dueOn: "2015-01-01"));
        var observer = await api.ClientWithRole("observer");
        var curator = await api.CuratorOf(dealId);

        var partial = await api.SubmitObservation(observer, commitmentId, Scenarios.Observation(amount: 120));
        var moderated = await curator.Post($"/api/observations/{partial}/moderation", Moderation("accepted"))
            .Expect(HttpStatusCode.OK);
        Assert.Equal("accepted", moderated.GetProperty("status").GetString());
        var status = await api.Status(commitmentId);
        Assert.Equal(120m, status.GetProperty("verified").GetDecimal());
        Assert.Equal(180m, status.GetProperty("gap").GetDecimal());
        Assert.Equal("overdue", status.GetProperty("status").GetString());

        var full = await api.SubmitObservation(observer, commitmentId, new
        {
            observedOn = "2025-01-10", finding = new { assessment = "delivered", amount = 300 }, narrative = "All done.", language = "en",
        });
        await curator.Post($"/api/observations/{full}/moderation", Moderation("accepted", "Matches the audit")).Expect(HttpStatusCode.OK);
        status = await api.Status(commitmentId);
        Assert.Equal(300m, status.GetProperty("verified").GetDecimal());
        Assert.Equal(0m, status.GetProperty("gap").GetDecimal());
        Assert.Equal("delivered", status.GetProperty("status").GetString());
    }

    [Fact]
    public async Task a_rejected_observation_needs_a_reason_and_never_counts()
    {
        var (_, commitmentId) = await api.DealWithCommitment();
        var observer = await api.ClientWithRole("observer");
        var observationId = await api.SubmitObservation(observer, commitmentId, Scenarios.Observation(amount: 3000));

        await api.Admin().Post($"/api/observations/{observationId}/moderation", Moderation("rejected")).ExpectProblem(HttpStatusCode.BadRequest, "reason");
        await api.Admin().Post($"/api/observations/{observationId}/moderation", Moderation("maybe")).ExpectProblem(HttpStatusCode.BadRequest, "decision");
        await api.Admin().Post($"/api/observations/{observationId}/moderation", Moderation("rejected", "Photo shows another site"))
            .Expect(HttpStatusCode.OK);

        await api.Anonymous().GetAsync($"/api/observations/{observationId}").ExpectProblem(HttpStatusCode.NotFound);
        var observation = await observer.GetAsync($"/api/observations/{observationId}").Expect(HttpStatusCode.OK);
        Assert.Equal("rejected", observation.GetProperty("status").GetString());
        Assert.Equal("Photo shows another site", observation.GetProperty("moderationReason").GetString());
        Assert.Equal(0m, (await api.Status(commitmentId)).GetProperty("verified").GetDecimal());
    }

    [Fact]
    public async Task a_decision_is_final_and_only_curators_decide()
    {
        var (_, commitmentId) = await api.DealWithCommitment();
        var observer = await api.ClientWithRole("observer");
        var observationId = await api.SubmitObservation(observer, commitmentId);

        await observer.Post($"/api/observations/{observationId}/moderation", Moderation("accepted")).ExpectProblem(HttpStatusCode.Forbidden);
        await api.Admin().Post($"/api/observations/{observationId}/moderation", Moderation("accepted")).Expect(HttpStatusCode.OK);
        await api.Admin().Post($"/api/observations/{observationId}/moderation", Moderation("rejected", "changed my mind"))
            .ExpectProblem(HttpStatusCode.Conflict);
        await api.Admin().Post($"/api/observations/{Guid.NewGuid()}/moderation", Moderation("accepted")).ExpectProblem(HttpStatusCode.NotFound);
        await api.Anonymous().GetAsync($"/api/observations/{Guid.NewGuid()}").ExpectProblem(HttpStatusCode.NotFound);
        Assert.Equal(2, await api.CountEventsAsync(observationId));
    }

    [Fact]
    public async Task an_invalid_observation_names_every_bad_field_and_records_nothing()
    {
        var (_, commitmentId) = await api.DealWithCommitment();
        var observer = await api.ClientWithRole("observer");
        var before = await api.CountEventsAsync();

        await observer.Post($"/api/commitments/{commitmentId}/observations", new
        {
            observedOn = "2199-01-01",
            finding = new { assessment = "delivered", amount = -5 },
            narrative = "",
            language = "",
            location = new { place = "Somewhere", lat = 91.0, lon = 200.0 },
            evidence = new[] { new { sha256 = "abc", mediaType = "jpeg", url = "javascript:alert(1)" } },
        }, "bad-one").ExpectProblem(HttpStatusCode.BadRequest,
            "observedOn", "finding.amount", "narrative", "language", "location.lat", "location.lon",
            "evidence[0].sha256", "evidence[0].mediaType", "evidence[0].url");

        await observer.Post($"/api/commitments/{commitmentId}/observations", new
        {
            observedOn = "2024-01-01", finding = new { assessment = "half-done" }, narrative = "x", language = "fr",
        }, "bad-two").ExpectProblem(HttpStatusCode.BadRequest, "finding.assessment");
        Assert.Equal(before, await api.CountEventsAsync());
    }
}
