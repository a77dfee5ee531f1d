using System.Net;
using System.Net.Http.Headers;
using Ledger.Api.Tests.Hosting;

namespace Ledger.Api.Tests.Web;

[Collection(WebCollection.Name)]
public sealed class web_pages(SeededLedgerApi api)
{
    const string Hostile = "<script>alert(1)</script>";

    async Task<string> SicominesDealId()
    {
        var deals = await api.Anonymous().GetAsync("/api/deals").Expect(HttpStatusCode.OK);
        return deals.EnumerateArray().First(d => d.GetProperty("title").GetString()!.Contains("Sicomines")).GetProperty("id").GetString()!;
    }

    [Fact]
    public async Task the_deals_page_lists_the_seeded_deals_with_security_headers()
    {
        using var response = await api.Anonymous().GetAsync("/");
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Sicomines", html);
        Assert.Contains("href=\"/scalar\"", html); // the API reference moved to the footer
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'self'", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.True(response.Headers.Contains("Referrer-Policy"));
        Assert.DoesNotContain("<script", html);
    }

    [Fact]
    public async Task the_api_reference_and_openapi_still_answer()
    {
        Assert.Equal(HttpStatusCode.OK, (await api.Anonymous().GetAsync("/openapi/v1.json")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.Anonymous().GetAsync("/scalar")).StatusCode);
    }

    [Fact]
    public async Task the_language_follows_accept_language_and_the_switch_is_remembered()
    {
        var dealId = await SicominesDealId();
        var web = new WebClient(api);
        web.Http.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue("fr-CD"));
        var (_, french) = await web.GetAsync($"/deals/{dealId}");
        Assert.Contains("<html lang=\"fr\">", french);
        Assert.Contains("Engagements", french);
        var group = System.Globalization.CultureInfo.GetCultureInfo("fr-FR").NumberFormat.NumberGroupSeparator;
        Assert.Contains($"6{group}565{group}000{group}000", WebUtility.HtmlDecode(french)); // the original $6.565bn, grouped the French way
        Assert.Contains("barrages", french); // a registered unit is named in the page's language, not by its code

        var (_, english) = await web.GetAsync($"/deals/{dealId}?lang=en");
        Assert.Contains("<html lang=\"en\">", english);
        Assert.Contains("Commitments", english);
        Assert.Contains("6,565,000,000", english);

        var (_, remembered) = await web.GetAsync("/"); // the cookie now beats Accept-Language
        Assert.Contains("<html lang=\"en\">", remembered);
    }

    [Fact]
    public async Task the_sicomines_deal_page_fits_the_weight_budget()
    {
        var dealId = await SicominesDealId();
        var request = new HttpRequestMessage(HttpMethod.Get, $"/deals/{dealId}");
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("br"));
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip"));
        using var response = await api.Anonymous().SendAsync(request);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEmpty(response.Content.Headers.ContentEncoding);
        Assert.True(bytes.Length <= 100 * 1024, $"The deal page is {bytes.Length} bytes compressed");

        var html = await api.Anonymous().GetStringAsync($"/deals/{dealId}");
        Assert.Contains("<svg", html);
        Assert.Contains("class=\"unit-figures\"", html);
        Assert.DoesNotContain("src=\"http", html); // nothing loaded from elsewhere
        Assert.DoesNotContain("stylesheet\" href=\"http", html);
    }

    [Fact]
    public async Task hostile_text_is_shown_escaped_never_as_markup()
    {
        var dealId = await api.RegisterDeal(Scenarios.Deal(title: $"Deal {Hostile}"));
        var commitmentId = await api.MakeCommitment(dealId, Scenarios.Commitment(title: $"Road {Hostile}"));
        var observer = await api.ClientWithRole("observer");
        var observationId = await api.SubmitObservation(observer, commitmentId, Scenarios.Observation(narrative: $"Seen {Hostile}"));
        await api.Admin().Post($"/api/observations/{observationId}/moderation", new { decision = "accepted" }).Expect(HttpStatusCode.OK);

        foreach (var page in new[] { $"/deals/{dealId}", $"/commitments/{commitmentId}" })
        {
            var html = await api.Anonymous().GetStringAsync(page);
            Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html);
            Assert.DoesNotContain(Hostile, html);
        }
    }

    [Fact]
    public async Task a_form_posted_without_its_antiforgery_token_is_refused()
    {
        var (_, commitmentId) = await api.DealWithCommitment();
        var web = new WebClient(api);
        using var signIn = await web.Http.PostAsync("/sign-in", new FormUrlEncodedContent([new("key", LedgerApi.AdminKey)]));
        Assert.Equal(HttpStatusCode.BadRequest, signIn.StatusCode);

        await web.SignInAsync(await api.KeyWithRole("observer"));
        // Observations only: deadline checks of other tests' commitments may append their own events meanwhile.
        const string observations = "SELECT count(*) FROM mt_events WHERE type = 'observation_submitted'";
        var before = await api.ScalarAsync<long>(observations);
        using var post = await web.Http.PostAsync($"/commitments/{commitmentId}/observations", new FormUrlEncodedContent(
            [new("idempotencyKey", "k1"), new("observedOn", "2024-03-01"), new("assessment", "delivered"), new("narrative", "Seen")]));
        Assert.Equal(HttpStatusCode.BadRequest, post.StatusCode);
        Assert.Equal(before, await api.ScalarAsync<long>(observations));
    }

    [Fact]
    public async Task the_moderation_queue_is_for_curators_only()
    {
        var anonymous = new WebClient(api);
        using var redirected = await anonymous.Http.GetAsync("/moderation");
        Assert.Equal(HttpStatusCode.Redirect, redirected.StatusCode);
        Assert.StartsWith("/sign-in", redirected.Headers.Location?.OriginalString);

        var observer = new WebClient(api);
        await observer.SignInAsync(await api.KeyWithRole("observer"));
        Assert.Equal(HttpStatusCode.Forbidden, (await observer.GetAsync("/moderation")).Status);

        var curator = new WebClient(api);
        await curator.SignInAsync(await api.KeyWithRole("curator"));
        Assert.Equal(HttpStatusCode.OK, (await curator.GetAsync("/moderation")).Status);
    }

    [Fact]
    public async Task a_wrong_key_does_not_sign_in()
    {
        var web = new WebClient(api);
        using var response = await web.PostFormAsync("/sign-in", "/sign-in", ("key", "ldg_00000000000000000000000000000000_nope"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("This key is not valid.", await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await web.Http.GetAsync("/moderation")).StatusCode);
    }

    [Fact]
    public async Task an_observation_submitted_twice_through_the_form_is_recorded_once_and_moderated_on_the_queue()
    {
        var (dealId, commitmentId) = await api.DealWithCommitment();
        var observer = new WebClient(api);
        await observer.SignInAsync(await api.KeyWithRole("observer"));
        var page = $"/commitments/{commitmentId}";

        // Field errors come back in the form, with what was typed kept.
        using var invalid = await observer.PostFormAsync(page, $"{page}/observations",
            ("idempotencyKey", "form-1"), ("observedOn", "2024-03-01"), ("assessment", "partially-delivered"), ("amount", "12x"),
            ("place", "Kolwezi <b>"), ("narrative", ""), ("language", "en"), ("evidenceSha256", "abc"), ("evidenceMediaType", "image/jpeg"));
        var invalidHtml = await invalid.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Contains("value=\"Kolwezi &lt;b&gt;\"", invalidHtml);
        Assert.Contains("id=\"error-narrative\"", invalidHtml);
        Assert.Contains("id=\"error-finding-amount\"", invalidHtml);
        Assert.Contains("id=\"error-evidence-0-sha256\"", invalidHtml);

        (string, string)[] valid =
        [
            ("idempotencyKey", "form-2"), ("observedOn", "2024-03-01"), ("assessment", "partially-delivered"), ("amount", "120"),
            ("place", "Kolwezi"), ("narrative", "Seen from the road."), ("language", "en"), ("evidenceUrl", "https://example.org/p.jpg"),
            ("evidenceSha256", new string('b', 64)), ("evidenceMediaType", "image/jpeg"), ("evidenceTitle", "Photo"),
        ];
        using var first = await observer.PostFormAsync(page, $"{page}/observations", valid);
        using var second = await observer.PostFormAsync(page, $"{page}/observations", valid);
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(first.Headers.Location, second.Headers.Location);

        var curatorApi = await api.CuratorOf(dealId);
        var pending = await curatorApi.GetAsync($"/api/commitments/{commitmentId}/observations?status=pending").Expect(HttpStatusCode.OK);
        var observationId = Assert.Single(pending.EnumerateArray()).GetProperty("id").GetString()!;

        var (_, observerView) = await observer.GetAsync(page);
        Assert.Contains($"id=\"observation-{observationId}\" data-status=\"pending\"", observerView);
        var (_, publicView) = await new WebClient(api).GetAsync(page);
        Assert.DoesNotContain(observationId, publicView);

        var curator = new WebClient(api);
        await curator.SignInAsync(await api.CuratorKeyOf(dealId));
        var (_, queue) = await curator.GetAsync("/moderation");
        Assert.Contains($"id=\"pending-{observationId}\"", queue);
        using var rejectWithoutReason = await curator.PostFormAsync("/moderation", $"/moderation/{observationId}", ("decision", "rejected"), ("reason", ""));
        Assert.Equal(HttpStatusCode.BadRequest, rejectWithoutReason.StatusCode);
        using var accept = await curator.PostFormAsync("/moderation", $"/moderation/{observationId}", ("decision", "accepted"), ("reason", "Matches."));
        Assert.Equal(HttpStatusCode.Redirect, accept.StatusCode);

        Assert.Equal(120m, (await api.Status(commitmentId)).GetProperty("verified").GetDecimal());
        var (_, after) = await new WebClient(api).GetAsync(page);
        Assert.Contains($"id=\"observation-{observationId}\" data-status=\"accepted\"", after);
    }

    [Fact]
    public async Task the_gaps_page_filters_like_the_api_and_explains_bad_filters()
    {
        await api.WaitForProjectionsAsync();
        var (status, html) = await new WebClient(api).GetAsync("/gaps?party=Sicomines&unit=USD&sort=gap&order=desc&asOf=&knownAt=");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("format=csv", html);
        Assert.Contains("party=Sicomines", html);
        Assert.Contains("USD", html);

        var (badStatus, bad) = await new WebClient(api).GetAsync("/gaps?asOf=yesterday&sort=size");
        Assert.Equal(HttpStatusCode.BadRequest, badStatus);
        Assert.Contains("asOf", bad);
        Assert.Contains("sort", bad);
    }

    [Fact]
    public async Task unknown_ids_get_a_readable_not_found_page()
    {
        foreach (var page in new[] { $"/deals/{Guid.NewGuid()}", "/deals/not-an-id", $"/commitments/{Guid.NewGuid()}" })
        {
            var (status, html) = await new WebClient(api).GetAsync(page);
            Assert.Equal(HttpStatusCode.NotFound, status);
            Assert.Contains("<html lang=", html);
            Assert.DoesNotContain("   at ", html);
        }
    }
}
