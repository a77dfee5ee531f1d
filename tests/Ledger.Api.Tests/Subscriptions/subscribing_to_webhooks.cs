using System.Net;
using Ledger.Api.Tests.Hosting;

namespace Ledger.Api.Tests.Subscriptions;

/// <summary>
/// Subscriptions as their owners make, list and delete them, on a host as shipped (private addresses refused): any key
/// may subscribe; a key sees and deletes only its own; the secret is shown once; addresses that lead inside are refused.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class subscribing_to_webhooks(LedgerApi api)
{
    const string PublicUrl = "https://203.0.113.10/ledger-webhooks"; // TEST-NET-3: public, and never dialled here

    [Theory]
    [InlineData("http://127.0.0.1/hook")]
    [InlineData("http://[::1]/hook")]
    [InlineData("http://10.1.2.3/hook")]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://localhost:8080/hook")]
    [InlineData("http://[::ffff:127.0.0.1]/hook")]
    [InlineData("http://192.168.0.10/hook")]
    [InlineData("http://user:password@203.0.113.10/hook")]
    [InlineData("ftp://203.0.113.10/hook")]
    public async Task an_address_that_leads_inside_or_is_no_http_url_is_refused_naming_the_url(string url)
    {
        using var observer = await api.ClientWithRole("observer");
        await observer.Post("/api/subscriptions", new { url }).ExpectProblem(HttpStatusCode.BadRequest, "url");
        Assert.Empty(await ListAsync(observer));
    }

    [Fact]
    public async Task a_name_that_resolves_to_this_machine_is_refused_by_its_resolved_address()
    {
        // The host's own name resolves to a loopback or private address here (or not at all): refused either way.
        using var observer = await api.ClientWithRole("observer");
        await observer.Post("/api/subscriptions", new { url = $"http://{Dns.GetHostName()}:8080/hook" })
            .ExpectProblem(HttpStatusCode.BadRequest, "url");
    }

    [Fact]
    public async Task the_generated_secret_is_shown_once_and_the_list_shows_none()
    {
        using var observer = await api.ClientWithRole("observer");
        var filter = new { kinds = new[] { "deal-amended" } };
        var created = await observer.Post("/api/subscriptions", new { url = PublicUrl, filter })
            .Expect(HttpStatusCode.Created);
        var secret = created.GetProperty("secret").GetString()!;
        Assert.Matches("^[0-9a-f]{64}$", secret);

        var listed = Assert.Single(await ListAsync(observer));
        Assert.Equal(created.GetProperty("id").GetString(), listed.GetProperty("id").GetString());
        Assert.Equal(PublicUrl, listed.GetProperty("url").GetString());
        Assert.Equal("deal-amended", Assert.Single(listed.GetProperty("filter").GetProperty("kinds").EnumerateArray()).GetString());
        Assert.False(listed.TryGetProperty("secret", out _));
        Assert.DoesNotContain(secret, listed.GetRawText());
    }

    [Fact]
    public async Task a_secret_the_caller_chose_is_not_echoed()
    {
        using var observer = await api.ClientWithRole("curator");
        var created = await observer.Post("/api/subscriptions", new { url = PublicUrl, secret = "my-own-secret-of-24-chars" })
            .Expect(HttpStatusCode.Created);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, created.GetProperty("secret").ValueKind);
        await observer.Post("/api/subscriptions", new { url = PublicUrl, secret = "short" })
            .ExpectProblem(HttpStatusCode.BadRequest, "secret");
    }

    [Fact]
    public async Task another_keys_subscription_is_not_found_and_the_owner_deletes_its_own()
    {
        using var owner = await api.ClientWithRole("observer");
        using var other = await api.ClientWithRole("observer");
        var id = (await owner.Post("/api/subscriptions", new { url = PublicUrl }).Expect(HttpStatusCode.Created))
            .GetProperty("id").GetString();

        Assert.Empty(await ListAsync(other));
        Assert.Empty(await ListAsync(api.Admin())); // an admin's key lists its own subscriptions, not everyone's
        await other.GetAsync($"/api/subscriptions/{id}/deliveries").ExpectProblem(HttpStatusCode.NotFound);
        await other.DeleteAsync($"/api/subscriptions/{id}").ExpectProblem(HttpStatusCode.NotFound);
        await api.Admin().DeleteAsync($"/api/subscriptions/{id}").ExpectProblem(HttpStatusCode.NotFound);

        var log = await owner.GetAsync($"/api/subscriptions/{id}/deliveries").Expect(HttpStatusCode.OK);
        Assert.Equal(0, log.GetProperty("total").GetInt32());
        using (var deleted = await owner.DeleteAsync($"/api/subscriptions/{id}"))
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Empty(await ListAsync(owner));
        await owner.DeleteAsync($"/api/subscriptions/{id}").ExpectProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task a_filter_names_each_bad_entry()
    {
        using var observer = await api.ClientWithRole("observer");
        await observer.Post("/api/subscriptions", new
        {
            url = PublicUrl,
            filter = new { deals = new[] { Guid.Empty }, parties = new[] { " " }, kinds = new[] { "deal-registered" } },
        }).ExpectProblem(HttpStatusCode.BadRequest, "filter.deals[0]", "filter.parties[0]", "filter.kinds[0]");
        await observer.Post("/api/subscriptions", new { }).ExpectProblem(HttpStatusCode.BadRequest, "url");
        Assert.Empty(await ListAsync(observer));
    }

    [Fact]
    public async Task a_key_holds_at_most_25_subscriptions()
    {
        using var observer = await api.ClientWithRole("observer");
        for (var i = 0; i < 25; i++)
            await observer.Post("/api/subscriptions", new { url = $"{PublicUrl}/{i}" }).Expect(HttpStatusCode.Created);
        var full = await observer.Post("/api/subscriptions", new { url = PublicUrl }).ExpectProblem(HttpStatusCode.Conflict);
        Assert.Contains("25", full.GetProperty("detail").GetString());
        Assert.Equal(25, (await ListAsync(observer)).Count);
    }

    [Fact]
    public async Task a_retry_with_the_same_idempotency_key_creates_one_subscription()
    {
        using var observer = await api.ClientWithRole("observer");
        var key = Guid.NewGuid().ToString();
        var first = await observer.Post("/api/subscriptions", new { url = PublicUrl }, key).Expect(HttpStatusCode.Created);
        var again = await observer.Post("/api/subscriptions", new { url = PublicUrl }, key).Expect(HttpStatusCode.Created);
        Assert.Equal(first.GetProperty("id").GetString(), again.GetProperty("id").GetString());
        Assert.Single(await ListAsync(observer));
    }

    static async Task<List<System.Text.Json.JsonElement>> ListAsync(HttpClient client) =>
        [.. (await client.GetAsync("/api/subscriptions").Expect(HttpStatusCode.OK)).EnumerateArray()];
}
