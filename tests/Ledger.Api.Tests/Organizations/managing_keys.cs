using System.Net;
using Ledger.Api.Tests.Hosting;
using Ledger.Organizations.Keys;

namespace Ledger.Api.Tests.Organizations;

[Collection(AccessCollection.Name)]
public sealed class managing_keys(LedgerApi api)
{
    [Fact]
    public async Task an_organizations_curator_lists_its_keys_with_their_use_but_never_a_secret()
    {
        var org = await api.RegisterOrganization("Keys listed");
        var (curatorKey, curatorId) = await api.IssueKey(org, "curator");
        var (observerKey, observerId) = await api.IssueKey(org, "observer");
        var before = DateTimeOffset.UtcNow.AddMinutes(-1);

        var keys = await api.WithKey(curatorKey).GetAsync($"/api/organizations/{org}/keys").Expect(HttpStatusCode.OK);

        Assert.Equal([curatorId, observerId], keys.EnumerateArray().Select(k => k.GetProperty("id").GetString()));
        var curator = keys[0];
        Assert.Equal("curator", curator.GetProperty("role").GetString());
        Assert.True(curator.GetProperty("createdAt").GetDateTimeOffset() > before);
        Assert.True(curator.GetProperty("lastUsedAt").GetDateTimeOffset() > before); // this very request
        Assert.Equal(System.Text.Json.JsonValueKind.Null, keys[1].GetProperty("lastUsedAt").ValueKind);
        var text = keys.ToString();
        foreach (var secret in new[] { curatorKey, observerKey })
        {
            Assert.DoesNotContain(SecretOf(secret), text);
        }
        Assert.DoesNotContain("secret", text, StringComparison.OrdinalIgnoreCase);
        var hash = await api.ScalarAsync<string>("SELECT data->>'secretSha256' FROM mt_doc_apikey WHERE id = @id::uuid",
            ("id", curatorId));
        Assert.DoesNotContain(hash!, text);
    }

    [Fact]
    public async Task a_key_used_many_times_a_minute_has_its_use_written_once()
    {
        var org = await api.RegisterOrganization("Keys used");
        var (key, id) = await api.IssueKey(org, "curator");
        var client = api.WithKey(key);
        const string written = "SELECT mt_last_modified::text FROM mt_doc_apikeyuse WHERE id = @id::uuid";
        await client.GetAsync($"/api/organizations/{org}/keys").Expect(HttpStatusCode.OK);
        var first = await api.ScalarAsync<string>(written, ("id", id));

        for (var i = 0; i < 5; i++) await client.GetAsync($"/api/organizations/{org}/keys").Expect(HttpStatusCode.OK);

        Assert.NotNull(first);
        Assert.Equal(first, await api.ScalarAsync<string>(written, ("id", id)));
    }

    [Fact]
    public async Task a_revoked_key_fails_at_once_and_its_revocation_says_who_when_and_why()
    {
        var org = await api.RegisterOrganization("Keys revoked");
        var (curatorKey, curatorId) = await api.IssueKey(org, "curator");
        var (observerKey, observerId) = await api.IssueKey(org, "observer");
        var observer = api.WithKey(observerKey);
        await observer.GetAsync("/api/deals").Expect(HttpStatusCode.OK);
        await observer.Post("/api/deals", Scenarios.Deal()).ExpectProblem(HttpStatusCode.Forbidden); // known, just not allowed

        var revoked = await api.WithKey(curatorKey)
            .Post($"/api/organizations/{org}/keys/{observerId}/revocation", new { reason = "Phone seized at a checkpoint" })
            .Expect(HttpStatusCode.OK);

        Assert.Equal(observerId, revoked.GetProperty("id").GetString());
        Assert.True(revoked.GetProperty("receipt").GetProperty("sequence").GetInt64() > 0);
        var problem = await observer.Post("/api/deals", Scenarios.Deal()).ExpectProblem(HttpStatusCode.Unauthorized);
        Assert.Contains("revoked", problem.GetProperty("detail").GetString());
        var listed = (await api.Admin().GetAsync($"/api/organizations/{org}/keys").Expect(HttpStatusCode.OK))
            .EnumerateArray().Single(k => k.GetProperty("id").GetString() == observerId);
        Assert.Equal("Phone seized at a checkpoint", listed.GetProperty("revocationReason").GetString());
        Assert.Equal(curatorId.Replace("-", ""), listed.GetProperty("revokedByKeyId").GetString());
        Assert.Equal(revoked.GetProperty("revokedAt").GetDateTimeOffset(), listed.GetProperty("revokedAt").GetDateTimeOffset());
        Assert.Equal(1, await api.ScalarAsync<long>(
            "SELECT count(*) FROM mt_events WHERE stream_id = @id::uuid AND type = 'api_key_revoked'", ("id", observerId)));

        await api.WithKey(curatorKey).Post($"/api/organizations/{org}/keys/{observerId}/revocation", new { reason = "again" })
            .ExpectProblem(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task a_web_session_ends_when_its_key_is_revoked()
    {
        var org = await api.RegisterOrganization("Sessions");
        var (key, id) = await api.IssueKey(org, "curator");
        var web = new Web.WebClient(api);
        await web.SignInAsync(key);
        Assert.Equal(HttpStatusCode.OK, (await web.GetAsync("/moderation")).Status);

        await api.Admin().Post($"/api/organizations/{org}/keys/{id}/revocation", new { reason = "Left the organization" })
            .Expect(HttpStatusCode.OK);

        using var after = await web.Http.GetAsync("/moderation");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/sign-in", after.Headers.Location?.OriginalString);
        using var signIn = await web.PostFormAsync("/sign-in", "/sign-in", ("key", key), ("returnUrl", "/"));
        Assert.Equal(HttpStatusCode.BadRequest, signIn.StatusCode);
    }

    [Fact]
    public async Task only_admins_and_the_organizations_own_curators_manage_its_keys()
    {
        var org = await api.RegisterOrganization("Keys guarded");
        var (_, observerId) = await api.IssueKey(org, "observer");
        var (adminKey, adminKeyId) = await api.IssueKey(org, "admin");
        var (ownCurator, _) = await api.IssueKey(org, "curator");
        var (ownObserver, _) = await api.IssueKey(org, "observer");
        var (otherCurator, _) = await api.IssueKey(await api.RegisterOrganization("Other"), "curator");
        var revocation = $"/api/organizations/{org}/keys/{observerId}/revocation";
        var before = await api.CountEventsAsync(observerId);

        await api.WithKey(otherCurator).GetAsync($"/api/organizations/{org}/keys").ExpectProblem(HttpStatusCode.Forbidden);
        await api.WithKey(otherCurator).Post(revocation, new { reason = "Not mine" }).ExpectProblem(HttpStatusCode.Forbidden);
        await api.WithKey(ownObserver).GetAsync($"/api/organizations/{org}/keys").ExpectProblem(HttpStatusCode.Forbidden);
        await api.WithKey(ownObserver).Post(revocation, new { reason = "Not mine" }).ExpectProblem(HttpStatusCode.Forbidden);
        await api.Anonymous().Post(revocation, new { reason = "Who?" }).ExpectProblem(HttpStatusCode.Unauthorized);
        await api.WithKey(ownCurator).Post($"/api/organizations/{org}/keys/{adminKeyId}/revocation", new { reason = "Coup" })
            .ExpectProblem(HttpStatusCode.Forbidden);
        await api.WithKey(ownCurator).Post(revocation, new { reason = "" }).ExpectProblem(HttpStatusCode.BadRequest, "reason");
        Assert.Equal(before, await api.CountEventsAsync(observerId));

        await api.WithKey(adminKey).GetAsync($"/api/organizations/{org}/keys").Expect(HttpStatusCode.OK);
        await api.Admin().GetAsync($"/api/organizations/{Guid.NewGuid()}/keys").ExpectProblem(HttpStatusCode.NotFound);
        await api.Admin().Post($"/api/organizations/{org}/keys/{Guid.NewGuid()}/revocation", new { reason = "No such key" })
            .ExpectProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task the_bootstrap_admin_key_cannot_be_revoked_through_the_api()
    {
        var problem = await api.Admin()
            .Post("/api/organizations/6c656467-6572-4000-8000-000000000001/keys/bootstrap/revocation", new { reason = "Try" })
            .ExpectProblem(HttpStatusCode.Conflict);

        Assert.Contains("Ledger:BootstrapAdminKey", problem.GetProperty("detail").GetString());
        await api.Admin().GetAsync("/api/organizations").Expect(HttpStatusCode.OK);
    }

    // Parsed as the ledger parses it: the secret is base64url, so it may itself hold '_'.
    static string SecretOf(string key) =>
        ApiKeys.TryParse(key, out _, out var secret) ? secret : throw new FormatException(key);
}
