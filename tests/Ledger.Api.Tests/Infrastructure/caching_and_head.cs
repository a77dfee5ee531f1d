using Ledger.Api.Tests.Transparency;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Ledger.Api.Tests.Hosting;
using Ledger.Web.Layout;

namespace Ledger.Api.Tests.Infrastructure;

/// <summary>
/// HEAD, ETag and If-None-Match on every GET route of the OpenAPI document and every page, on a seeded ledger: API routes
/// asked with the admin key (so that admin routes answer 200 too), pages and documents anonymously.
/// </summary>
[Collection(ContractCollection.Name)]
public sealed class caching_and_head(SeededLedgerApi api)
{
    /// <summary>Answers that change between any two requests: the sign-in form's antiforgery token, the nodes' heartbeats.</summary>
    static readonly string[] Changing = ["/sign-in", "/api/cluster"];

    async Task<List<(string Path, HttpClient Client)>> EveryGetAsync()
    {
        var contract = await DeclaredContract.ReadAsync(api);
        var routes = await FilledRoutes.PrepareAsync(api);
        // The answers must hold still while a tag is checked: the read models and the log caught up with those writes.
        await api.WaitForProjectionsAsync();
        await api.CheckpointCoveringEverythingAsync();
        var (admin, anonymous) = (Client(LedgerApi.AdminKey), Client(null));
        return
        [
            .. contract.Operations.Where(o => o.IsGet).Select(o => (routes.Fill(o.Route), admin)),
            .. FilledRoutes.Pages.Select(page => (routes.Fill(page), anonymous)),
            ("/openapi/v1.json", anonymous), ("/scalar/", anonymous), (Css.Path, anonymous),
        ];
    }

    /// <summary>A client that does not follow redirects: the moderation page sends an anonymous caller to sign in.</summary>
    HttpClient Client(string? key)
    {
        var client = api.CreateClient(
            new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (key is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    static async Task<(HttpStatusCode Status, byte[] Body, EntityTagHeaderValue? Tag, long? Length)> SendAsync(
        HttpClient client, HttpMethod method, string path, string? ifNoneMatch = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (ifNoneMatch is not null) request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        using var response = await client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsByteArrayAsync(), response.Headers.ETag,
            response.Content.Headers.ContentLength);
    }

    [Fact]
    public async Task head_answers_every_get_route_and_page_as_the_get_does_without_a_body()
    {
        var failures = new List<string>();
        var targets = await EveryGetAsync();
        foreach (var (path, client) in targets)
        {
            var get = await SendAsync(client, HttpMethod.Get, path);
            var head = await SendAsync(client, HttpMethod.Head, path);
            if (head.Status != get.Status) failures.Add($"HEAD {path}: {(int)head.Status}, GET {(int)get.Status}");
            if (head.Body.Length != 0) failures.Add($"HEAD {path}: a body of {head.Body.Length} bytes");
            if ((head.Tag is null) != (get.Tag is null)) failures.Add($"HEAD {path}: ETag {head.Tag}, GET {get.Tag}");
            var same = Equals(head.Tag, get.Tag) && head.Length == get.Body.Length;
            if (get.Status == HttpStatusCode.OK && !Changing.Contains(path) && !same)
                failures.Add($"HEAD {path}: {head.Tag} of {head.Length} bytes, GET {get.Tag} of {get.Body.Length}");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.True(targets.Count > 30, $"{targets.Count} routes and pages");

        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(api.Anonymous(), HttpMethod.Head, "/api/nothing-here")).Status);
        var writeOnly = $"/api/deals/{Guid.NewGuid()}/curators"; // a POST route: HEAD is a GET's, and it has none
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await SendAsync(api.Admin(), HttpMethod.Head, writeOnly)).Status);
    }

    [Fact]
    public async Task every_get_answers_an_etag_and_304_while_it_still_holds()
    {
        var (failures, tagged, targets) = (new List<string>(), 0, await EveryGetAsync());
        foreach (var (path, client) in targets)
        {
            var first = await SendAsync(client, HttpMethod.Get, path);
            if (first.Status != HttpStatusCode.OK) continue;
            if (first.Tag is not { IsWeak: true } tag) { failures.Add($"GET {path}: no weak ETag ({first.Tag})"); continue; }
            tagged++;
            if (Changing.Contains(path)) continue;
            foreach (var sent in new[] { tag.ToString(), $"W/\"other\", {tag}", "*" })
            {
                var again = await SendAsync(client, HttpMethod.Get, path, sent);
                if (again.Status != HttpStatusCode.NotModified || again.Body.Length != 0 || !tag.Equals(again.Tag))
                    failures.Add($"GET {path} If-None-Match {sent}: {(int)again.Status}, {again.Body.Length} bytes, {again.Tag}");
            }
            var stale = await SendAsync(client, HttpMethod.Get, path, "W/\"an-older-answer\"");
            if (stale.Status != HttpStatusCode.OK || stale.Body.Length != first.Body.Length)
                failures.Add($"GET {path} with a stale tag: {(int)stale.Status}, {stale.Body.Length} bytes");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        // All but the evidence routes (no file: 404) and the moderation page (anonymous: a redirect to sign in).
        Assert.Equal(targets.Count - 3, tagged);
    }

    [Fact]
    public async Task a_304_never_vouches_for_what_another_viewer_was_shown()
    {
        var routes = await FilledRoutes.PrepareAsync(api);
        var list = $"/api/commitments/{routes.CommitmentId}/observations";
        var admin = await SendAsync(api.Admin(), HttpMethod.Get, list);
        Assert.Contains(routes.ObservationId, Encoding.UTF8.GetString(admin.Body)); // the pending observation

        var anonymous = await SendAsync(api.Anonymous(), HttpMethod.Get, list, admin.Tag!.ToString());
        Assert.Equal(HttpStatusCode.OK, anonymous.Status);
        Assert.DoesNotContain(routes.ObservationId, Encoding.UTF8.GetString(anonymous.Body));
        Assert.NotEqual(admin.Tag, anonymous.Tag);
        var observer = await SendAsync(api.WithKey(routes.ObserverKey), HttpMethod.Get, list, admin.Tag.ToString());
        Assert.Equal(HttpStatusCode.OK, observer.Status);

        // Even an answer that is the same for everyone is confirmed only to the viewer it was sent to.
        var units = await SendAsync(api.Admin(), HttpMethod.Get, "/api/units");
        var asAnonymous = await SendAsync(api.Anonymous(), HttpMethod.Get, "/api/units", units.Tag!.ToString());
        Assert.Equal((HttpStatusCode.OK, units.Body.Length), (asAnonymous.Status, asAnonymous.Body.Length));
        var toItsViewer = await SendAsync(api.Admin(), HttpMethod.Get, "/api/units", units.Tag.ToString());
        Assert.Equal(HttpStatusCode.NotModified, toItsViewer.Status);
    }

    [Fact]
    public async Task the_stylesheet_is_named_by_its_content_and_cached_for_a_year()
    {
        var page = await (await api.Anonymous().GetAsync("/")).Content.ReadAsStringAsync();
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Css.Text)))[..12];
        Assert.Contains($"href=\"/web/site.{hash}.css\"", page);
        using var css = await api.Anonymous().GetAsync($"/web/site.{hash}.css");
        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
        Assert.Equal(TimeSpan.FromDays(365), css.Headers.CacheControl!.MaxAge);
        Assert.True(css.Headers.CacheControl.Public);
        Assert.Contains("immutable", css.Headers.CacheControl.Extensions.Select(e => e.Name));
    }
}
