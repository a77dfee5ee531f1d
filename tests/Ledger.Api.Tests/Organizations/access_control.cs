using System.Net;
using Ledger.Api.Tests.Hosting;
using Ledger.Organizations.Keys;

namespace Ledger.Api.Tests.Organizations;

[Collection(AccessCollection.Name)]
public sealed class access_control(LedgerApi api)
{
    [Fact]
    public async Task an_admin_registers_an_organization_and_issues_a_key_that_works_for_its_role()
    {
        var response = await api.Admin().Post("/api/organizations", new { name = $"ACIDH {Guid.NewGuid():N}" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var orgId = (await response.Json()).GetProperty("id").GetString();
        Assert.Equal($"/api/organizations/{orgId}", response.Headers.Location?.OriginalString);

        var key = await api.Admin().Post($"/api/organizations/{orgId}/keys", new { role = "curator" }).Expect(HttpStatusCode.Created);
        Assert.Equal("curator", key.GetProperty("role").GetString());
        var secretKey = key.GetProperty("key").GetString()!;
        Assert.StartsWith("ldg_", secretKey);

        await api.WithKey(secretKey).Post("/api/deals", Scenarios.Deal()).Expect(HttpStatusCode.Created);
    }

    [Fact]
    public async Task a_key_is_stored_only_as_a_hash()
    {
        var orgId = (await api.Admin().Post("/api/organizations", new { name = $"Hash check {Guid.NewGuid():N}" })
            .Expect(HttpStatusCode.Created)).GetProperty("id").GetString();
        var key = (await api.Admin().Post($"/api/organizations/{orgId}/keys", new { role = "observer" })
            .Expect(HttpStatusCode.Created)).GetProperty("key").GetString()!;
        var secret = key[("ldg_".Length + 32 + 1)..]; // ldg_<key id>_<secret>

        var anywhere = await api.ScalarAsync<long>("""
            SELECT (SELECT count(*) FROM mt_events WHERE data::text LIKE '%' || @secret || '%')
                 + (SELECT count(*) FROM mt_doc_apikey WHERE data::text LIKE '%' || @secret || '%')
                 + (SELECT count(*) FROM mt_events WHERE data::text LIKE '%' || @key || '%')
            """, ("secret", secret), ("key", key));
        Assert.Equal(0, anywhere);
        Assert.Equal(1, await api.ScalarAsync<long>("SELECT count(*) FROM mt_doc_apikey WHERE data->>'organizationId' = @org", ("org", orgId!)));
    }

    [Fact]
    public async Task a_write_without_a_key_is_401_with_a_bearer_challenge()
    {
        using var response = await api.Anonymous().Post("/api/deals", Scenarios.Deal());
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        await Task.FromResult(response).ExpectProblem(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("ldg_0123456789abcdef0123456789abcdef_not-the-secret")]
    [InlineData("not-a-ledger-key")]
    public async Task an_unknown_or_malformed_key_is_401(string key) =>
        await api.WithKey(key).Post("/api/deals", Scenarios.Deal()).ExpectProblem(HttpStatusCode.Unauthorized);

    [Fact]
    public async Task a_key_remembered_from_an_earlier_request_still_needs_its_own_secret()
    {
        var key = await api.KeyWithRole("curator");
        await api.WithKey(key).Post("/api/deals", Scenarios.Deal()).Expect(HttpStatusCode.Created); // now remembered

        Assert.True(ApiKeys.TryParse(key, out var keyId, out _));
        var sameIdOtherSecret = ApiKeys.Format(keyId, "guessed-secret");
        await api.WithKey(sameIdOtherSecret).Post("/api/deals", Scenarios.Deal()).ExpectProblem(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task an_observer_may_not_curate_and_a_curator_may_not_administer()
    {
        var observer = await api.ClientWithRole("observer");
        var curator = await api.ClientWithRole("curator");
        var before = await api.CountEventsAsync();

        await observer.Post("/api/deals", Scenarios.Deal()).ExpectProblem(HttpStatusCode.Forbidden);
        await curator.Post("/api/organizations", new { name = "Not allowed" }).ExpectProblem(HttpStatusCode.Forbidden);

        Assert.Equal(before, await api.CountEventsAsync());
    }

    [Fact]
    public async Task organization_names_are_unique()
    {
        var name = $"Unique {Guid.NewGuid():N}";
        await api.Admin().Post("/api/organizations", new { name }).Expect(HttpStatusCode.Created);
        await api.Admin().Post("/api/organizations", new { name = name.ToUpperInvariant() }).ExpectProblem(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task a_key_for_an_unknown_organization_is_404_and_an_unknown_role_is_400()
    {
        await api.Admin().Post($"/api/organizations/{Guid.NewGuid()}/keys", new { role = "curator" }).ExpectProblem(HttpStatusCode.NotFound);
        var orgId = (await api.Admin().Post("/api/organizations", new { name = $"Roles {Guid.NewGuid():N}" })
            .Expect(HttpStatusCode.Created)).GetProperty("id").GetString();
        await api.Admin().Post($"/api/organizations/{orgId}/keys", new { role = "emperor" }).ExpectProblem(HttpStatusCode.BadRequest, "role");
        await api.Admin().Post($"/api/organizations/{orgId}/keys", new { }).ExpectProblem(HttpStatusCode.BadRequest, "role");
    }
}

[Collection(AccessCollection.Name)]
public sealed class listing_organizations(LedgerApi api)
{
    [Fact]
    public async Task admins_see_organizations_and_their_key_ids_but_never_a_key()
    {
        var name = $"Listed {Guid.NewGuid():N}";
        var orgId = (await api.Admin().Post("/api/organizations", new { name }).Expect(HttpStatusCode.Created)).GetProperty("id").GetString();
        var key = await api.Admin().Post($"/api/organizations/{orgId}/keys", new { role = "observer" }).Expect(HttpStatusCode.Created);

        var organization = await api.Admin().GetAsync($"/api/organizations/{orgId}").Expect(HttpStatusCode.OK);
        Assert.Equal(name, organization.GetProperty("name").GetString());
        var listedKey = Assert.Single(organization.GetProperty("keys").EnumerateArray());
        Assert.Equal(key.GetProperty("id").GetString(), listedKey.GetProperty("id").GetString());
        Assert.Equal("observer", listedKey.GetProperty("role").GetString());
        Assert.DoesNotContain(key.GetProperty("key").GetString()!, organization.ToString());

        var all = await api.Admin().GetAsync("/api/organizations").Expect(HttpStatusCode.OK);
        Assert.Contains(all.EnumerateArray(), o => o.GetProperty("id").GetString() == orgId);
        await (await api.ClientWithRole("curator")).GetAsync("/api/organizations").ExpectProblem(HttpStatusCode.Forbidden);
        await api.Admin().GetAsync($"/api/organizations/{Guid.NewGuid()}").ExpectProblem(HttpStatusCode.NotFound);
    }
}
