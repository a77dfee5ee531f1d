using System.Net;
using Ledger.Api.Tests.Hosting;
using Ledger.Web.Localisation;

namespace Ledger.Api.Tests.Web;

/// <summary>An amount typed on the observation form is read in the page's language, echoed as understood, and checked against the target.</summary>
[Collection(WebCollection.Name)]
public sealed class amounts_read_as_meant(SeededLedgerApi api)
{
    static (string, string)[] Observation(string key, string amount) =>
    [
        ("idempotencyKey", key), ("observedOn", "2024-03-01"), ("assessment", "partially-delivered"), ("amount", amount),
        ("place", "Kolwezi"), ("narrative", "Measured along the road."), ("language", "fr"),
    ];

    async Task<(string DealId, string CommitmentId, WebClient Observer)> UrbanRoadsOf45Km()
    {
        var (dealId, commitmentId) = await api.DealWithCommitment(Scenarios.Commitment(amount: 45, title: "Build 45 km of urban roads"));
        var observer = new WebClient(api);
        await observer.SignInAsync(await api.KeyWithRole("observer"));
        return (dealId, commitmentId, observer);
    }

    [Fact]
    public async Task on_the_french_page_12_comma_5_is_twelve_and_a_half_and_the_confirmation_says_so()
    {
        var (dealId, commitmentId, observer) = await UrbanRoadsOf45Km();
        var page = $"/commitments/{commitmentId}";
        await observer.GetAsync($"{page}?lang=fr");

        using var sent = await observer.PostFormAsync(page, $"{page}/observations", Observation("fr-12-5", "12,5"));

        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        var curator = await api.CuratorOf(dealId);
        var pending = await curator.GetAsync($"/api/commitments/{commitmentId}/observations?status=pending").Expect(HttpStatusCode.OK);
        Assert.Equal(12.5m, Assert.Single(pending.EnumerateArray()).GetProperty("finding").GetProperty("amount").GetDecimal());
        var (_, confirmation) = await observer.GetAsync(sent.Headers.Location!.OriginalString);
        Assert.Contains("<span id=\"amount-recorded\">Quantité enregistrée: 12,5 kilomètres</span>", WebUtility.HtmlDecode(confirmation));
    }

    [Fact]
    public async Task on_the_english_page_12_comma_5_is_refused_with_how_to_write_it_and_nothing_is_recorded()
    {
        var (dealId, commitmentId, observer) = await UrbanRoadsOf45Km();
        var page = $"/commitments/{commitmentId}";
        await observer.GetAsync($"{page}?lang=en");

        using var sent = await observer.PostFormAsync(page, $"{page}/observations", Observation("en-12-5", "12,5"));

        Assert.Equal(HttpStatusCode.BadRequest, sent.StatusCode);
        var html = WebUtility.HtmlDecode(await sent.Content.ReadAsStringAsync());
        Assert.Contains($"<p class=\"error\" id=\"error-finding-amount\">{TypedAmounts.NotEnglish}</p>", html);
        Assert.Contains("value=\"12,5\"", html);
        Assert.Contains("<span class=\"unit\">kilometres</span>", html);
        var curator = await api.CuratorOf(dealId);
        var pending = await curator.GetAsync($"/api/commitments/{commitmentId}/observations?status=pending").Expect(HttpStatusCode.OK);
        Assert.Equal(0, pending.GetArrayLength());
    }

    [Fact]
    public async Task an_amount_above_the_target_is_flagged_to_the_curator_on_the_card_and_in_the_queue()
    {
        var (dealId, commitmentId, observer) = await UrbanRoadsOf45Km();
        var page = $"/commitments/{commitmentId}";
        await observer.GetAsync($"{page}?lang=en");
        using var above = await observer.PostFormAsync(page, $"{page}/observations", Observation("above", "125"));
        using var within = await observer.PostFormAsync(page, $"{page}/observations", Observation("within", "12.5"));
        Assert.Equal(HttpStatusCode.Redirect, above.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, within.StatusCode);

        var queue = await (await api.CuratorOf(dealId)).GetAsync($"/api/observations?dealId={dealId}").Expect(HttpStatusCode.OK);
        var flags = queue.GetProperty("items").EnumerateArray()
            .ToDictionary(o => o.GetProperty("finding").GetProperty("amount").GetDecimal(), o => o.GetProperty("aboveTarget").GetBoolean());
        Assert.Equal(new Dictionary<decimal, bool> { [125m] = true, [12.5m] = false }, flags);

        var curator = new WebClient(api);
        await curator.SignInAsync(await api.CuratorKeyOf(dealId));
        var (_, card) = await curator.GetAsync($"/moderation?deal={dealId}&lang=en");
        Assert.Single(card.Split("class=\"warning above-target\"").Skip(1));
        Assert.Contains("The amount observed is above the commitment&#x27;s target.", card);
    }
}
