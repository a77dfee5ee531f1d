using System.Net;
using Ledger.Api.Tests.Hosting;

namespace Ledger.Api.Tests.Web;

/// <summary>
/// A form and the REST route for the same command go to one handler: the same rules, the same attribution, the same
/// idempotency and the same conflicts, whichever way a write comes in.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class forms_and_routes_share_their_handlers(SeededLedgerApi api)
{
    static (string, string)[] Observation(string key, string observedOn = "2024-03-01") =>
    [
        ("idempotencyKey", key), ("observedOn", observedOn), ("assessment", "partially-delivered"), ("amount", "120"),
        ("place", "Kolwezi"), ("narrative", "Seen from the road."), ("language", "en"),
    ];

    [Fact]
    public async Task an_observation_sent_through_the_form_is_recorded_by_the_key_that_signed_in()
    {
        var (_, commitmentId) = await api.DealWithCommitment();
        var admin = api.Admin();
        var organization = await admin.Post("/api/organizations", new { name = $"Route watch {Guid.NewGuid():N}" })
            .Expect(HttpStatusCode.Created);
        var orgId = organization.GetProperty("id").GetString();
        var key = await admin.Post($"/api/organizations/{orgId}/keys", new { role = "observer" }).Expect(HttpStatusCode.Created);
        var observer = new WebClient(api);
        await observer.SignInAsync(key.GetProperty("key").GetString()!);
        var page = $"/commitments/{commitmentId}";

        using var posted = await observer.PostFormAsync(page, $"{page}/observations", Observation("attributed-1"));

        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var history = await api.Admin().GetAsync($"/api/commitments/{commitmentId}/history").Expect(HttpStatusCode.OK);
        var submitted = Assert.Single(history.EnumerateArray(), e => e.GetProperty("type").GetString() == "observation_submitted");
        var recordedBy = submitted.GetProperty("recordedBy");
        Assert.Equal(orgId, recordedBy.GetProperty("organizationId").GetString());
        Assert.Equal(key.GetProperty("id").GetGuid(), Guid.Parse(recordedBy.GetProperty("keyId").GetString()!));
        Assert.False(string.IsNullOrEmpty(submitted.GetProperty("correlationId").GetString()));
        Assert.Contains($"/commitments/{commitmentId}?submitted={submitted.GetProperty("streamId").GetString()}",
            posted.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task a_photo_attached_to_the_form_is_stored_stripped_and_named_by_its_hash_and_the_position_is_kept()
    {
        var (_, commitmentId) = await api.DealWithCommitment();
        var (observerKey, _) = await api.IssueKey(await api.RegisterOrganization("Form photos"), "observer");
        var observer = new WebClient(api);
        await observer.SignInAsync(observerKey);
        var page = $"/commitments/{commitmentId}";
        var exif = System.Text.Encoding.ASCII.GetBytes("Exif\0\0GPS -10.7123");
        byte[] photo = [0xFF, 0xD8, 0xFF, 0xE1, 0, (byte)(exif.Length + 2), .. exif, 0xFF, 0xDA, 0, 4, 1, 2, 0x55, 0xFF, 0xD9];
        var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(photo));

        using var posted = await observer.PostFormWithFileAsync(page, $"{page}/observations", ("evidenceFile", "bridge.jpg", photo),
            [.. Observation("with-photo"), ("lat", "-10,7123"), ("lon", "25.4765"), ("observer", "Veilleur 3"), ("evidenceTitle", "Bridge")]);
        using var refused = await observer.PostFormWithFileAsync(page, $"{page}/observations",
            ("evidenceFile", "report.pdf", "%PDF-1.7"u8.ToArray()), Observation("with-pdf"));

        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var id = posted.Headers.Location!.OriginalString.Split("submitted=")[1].Split('#')[0];
        var recorded = await api.Admin().GetAsync($"/api/observations/{id}").Expect(HttpStatusCode.OK);
        var evidence = recorded.GetProperty("evidence")[0];
        Assert.Equal((sha, "image/jpeg", "Bridge"), (evidence.GetProperty("sha256").GetString(),
            evidence.GetProperty("mediaType").GetString(), evidence.GetProperty("title").GetString()));
        Assert.Equal(-10.7123, recorded.GetProperty("location").GetProperty("lat").GetDouble(), 6);
        Assert.Equal("Veilleur 3", recorded.GetProperty("observer").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("neither a JPEG nor a PNG", await refused.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task a_rule_that_needs_the_commitment_refuses_the_form_as_it_refuses_the_route()
    {
        var (_, commitmentId) = await api.DealWithCommitment(); // made on 2008-04-22
        var observerApi = await api.ClientWithRole("observer");
        var early = new
        {
            observedOn = "2005-01-01", finding = new { assessment = "not-started" }, narrative = "Nothing yet.", language = "en",
        };
        var problem = await observerApi.Post($"/api/commitments/{commitmentId}/observations", early, "too-early")
            .ExpectProblem(HttpStatusCode.BadRequest, "observedOn");
        var message = problem.GetProperty("errors").GetProperty("observedOn")[0].GetString()!;

        var observer = new WebClient(api);
        await observer.SignInAsync(await api.KeyWithRole("observer"));
        var page = $"/commitments/{commitmentId}";
        using var refused = await observer.PostFormAsync(page, $"{page}/observations", Observation("too-early", "2005-01-01"));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Contains("id=\"error-observedOn\"", html);
        Assert.Contains(message, html);
        // Counted on this commitment alone: the seeded ledger's own deadline checks may append meanwhile.
        Assert.Equal(0, await api.ScalarAsync<long>(
            "SELECT count(*) FROM mt_events WHERE type = 'observation_submitted' AND data->>'commitmentId' = @id",
            ("id", commitmentId)));
    }

    [Fact]
    public async Task going_back_and_submitting_the_form_again_records_one_observation()
    {
        var (_, commitmentId) = await api.DealWithCommitment();
        var observer = new WebClient(api);
        await observer.SignInAsync(await api.KeyWithRole("observer"));
        var page = $"/commitments/{commitmentId}";

        using var first = await observer.PostFormAsync(page, $"{page}/observations", Observation("back-button"));
        // Back, then submit the very same form (same hidden key), even with a field changed on the way.
        var again = Observation("back-button").Select(f => f.Item1 == "amount" ? (f.Item1, "130") : f).ToArray();
        using var second = await observer.PostFormAsync(page, $"{page}/observations", again);

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        Assert.Equal(1, await api.ScalarAsync<long>(
            "SELECT count(*) FROM mt_events WHERE type = 'observation_submitted' AND data->>'commitmentId' = @id",
            ("id", commitmentId)));
    }

    [Fact]
    public async Task a_decision_taken_elsewhere_first_shows_the_queue_again_with_the_reason_not_an_error_page()
    {
        var (dealId, commitmentId) = await api.DealWithCommitment();
        var observationId = await api.SubmitObservation(await api.ClientWithRole("observer"), commitmentId);
        var curator = new WebClient(api);
        await curator.SignInAsync(await api.CuratorKeyOf(dealId));
        var (_, queue) = await curator.GetAsync("/moderation");
        Assert.Contains($"id=\"pending-{observationId}\"", queue);
        var token = WebClient.TokenIn(queue);

        // Another curator decides through the API while this one still has the queue open.
        await api.Admin().Post($"/api/observations/{observationId}/moderation", new { decision = "accepted" })
            .Expect(HttpStatusCode.OK);
        using var late = await curator.Http.PostAsync($"/moderation/{observationId}", new FormUrlEncodedContent(
            [new("__csrf", token), new("decision", "rejected"), new("reason", "Photo is of another road"), new("confirm", "yes")]));

        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        var html = await late.Content.ReadAsStringAsync();
        Assert.Contains($"id=\"error-{observationId}\"", html);
        Assert.Contains("a decision is final", html);
        var observation = await api.Anonymous().GetAsync($"/api/observations/{observationId}").Expect(HttpStatusCode.OK);
        Assert.Equal("accepted", observation.GetProperty("status").GetString());
        Assert.Equal(0, await api.ScalarAsync<long>(
            "SELECT count(*) FROM mt_events WHERE type = 'observation_rejected' AND stream_id = @id::uuid",
            ("id", observationId)));
    }

    [Fact]
    public async Task two_curators_deciding_at_once_record_one_decision_and_neither_sees_an_error_page()
    {
        var (dealId, commitmentId) = await api.DealWithCommitment();
        var observationId = await api.SubmitObservation(await api.ClientWithRole("observer"), commitmentId);
        var first = new WebClient(api);
        var second = new WebClient(api);
        await first.SignInAsync(await api.CuratorKeyOf(dealId));
        await second.SignInAsync(await api.CuratorKeyOf(dealId));

        var answers = await Task.WhenAll(
            first.PostFormAsync("/moderation", $"/moderation/{observationId}", ("decision", "accepted"), ("reason", "")),
            second.PostFormAsync("/moderation", $"/moderation/{observationId}", ("decision", "rejected"), ("reason", "No."), ("confirm", "yes")));

        Assert.Contains(answers, a => a.StatusCode == HttpStatusCode.Redirect);
        Assert.All(answers, a => Assert.True(a.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Conflict,
            $"a curator got {(int)a.StatusCode}"));
        Assert.Equal(1, await api.ScalarAsync<long>(
            "SELECT count(*) FROM mt_events WHERE type IN ('observation_accepted', 'observation_rejected') AND stream_id = @id::uuid",
            ("id", observationId)));
    }
}
