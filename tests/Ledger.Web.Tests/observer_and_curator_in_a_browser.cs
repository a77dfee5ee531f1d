using System.Globalization;
using Ledger.Api.Tests.Hosting;
using Microsoft.Playwright;

namespace Ledger.Web.Tests;

/// <summary>
/// The observer flow end to end in headless Chromium: sign in, submit an observation, see it pending; a curator accepts it;
/// the deal's chart and the gaps table then show it as verified.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class observer_and_curator_in_a_browser(BrowserHost host)
{
    // Generous: a step is only late on a machine shared with builds (CI's runs at load 15+ on 2 cores took over 30 s once);
    // the flow is what this test checks, and speed is measured by the benchmarks.
    const float Timeout = 90_000;

    [Theory]
    [InlineData("en", "180", "Submit the observation", "Accept")]
    [InlineData("fr", "1234.5", "Envoyer l'observation", "Accepter")]
    public async Task an_accepted_observation_reaches_the_chart_and_the_gaps_table(string lang, string amount, string submit, string accept)
    {
        await host.StartBrowserAsync();
        var culture = CultureInfo.GetCultureInfo(lang == "fr" ? "fr-FR" : "en-GB");
        var shown = decimal.Parse(amount, CultureInfo.InvariantCulture).ToString("#,0.##", culture);
        var dealId = await host.RegisterDeal(Scenarios.Deal(title: $"Browser deal {lang} {Guid.NewGuid():N}"));
        var commitmentId = await host.MakeCommitment(dealId, Scenarios.Commitment(amount: 4000, unit: "km", title: $"Road {lang}"));
        var observerKey = await host.KeyWithRole("observer");
        var curatorKey = await host.CuratorKeyOf(dealId);
        var narrative = $"Drove the road ({lang}) {Guid.NewGuid():N}";

        // The observer.
        await using var observerContext = await host.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = host.BaseUrl });
        var observer = await observerContext.NewPageAsync();
        observer.SetDefaultTimeout(Timeout);
        await SignIn(observer, observerKey, lang);
        await observer.GotoAsync($"/commitments/{commitmentId}");
        Assert.Equal(lang, await observer.GetAttributeAsync("html", "lang"));
        await observer.FillAsync("#observedOn", "2024-03-01");
        await observer.SelectOptionAsync("#assessment", "partially-delivered");
        await observer.FillAsync("#amount", shown);
        await observer.FillAsync("#place", "Kolwezi");
        await observer.FillAsync("#narrative", narrative);
        await observer.FillAsync("#evidenceUrl", "https://example.org/road.jpg");
        await observer.FillAsync("#evidenceSha256", new string('c', 64));
        await observer.FillAsync("#evidenceMediaType", "image/jpeg");
        await observer.ClickAsync($"#observation-form button:has-text(\"{submit}\")");
        await observer.WaitForSelectorAsync(".notice");
        var mine = observer.Locator("article.observation", new() { HasTextString = narrative });
        Assert.Equal("pending", await mine.GetAttributeAsync("data-status"));
        await Screenshot(observer, $"{lang}-1-observation-pending");

        // The curator.
        await using var curatorContext = await host.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = host.BaseUrl });
        var curator = await curatorContext.NewPageAsync();
        curator.SetDefaultTimeout(Timeout);
        await SignIn(curator, curatorKey, lang);
        await curator.GotoAsync("/moderation");
        var item = curator.Locator("article.pending", new() { HasTextString = narrative });
        await item.WaitForAsync();
        await Screenshot(curator, $"{lang}-2-moderation-queue");
        await item.Locator($"button:has-text(\"{accept}\")").ClickAsync();
        await curator.WaitForSelectorAsync(".notice");
        Assert.Equal(0, await curator.Locator("article.pending", new() { HasTextString = narrative }).CountAsync());

        // The deal's chart and its table now show the verified amount.
        await curator.GotoAsync($"/deals/{dealId}");
        var chart = curator.Locator("svg.unit-chart[data-unit=\"km\"]");
        Assert.Contains(shown, await chart.TextContentAsync());
        Assert.Equal(shown, (await curator.Locator("table.unit-figures[data-unit=\"km\"] td.verified").TextContentAsync())?.Trim());
        await Screenshot(curator, $"{lang}-3-deal-chart");

        // The gaps table reads an asynchronous read model: give it time to catch up.
        var row = curator.Locator($"table.commitments tr[data-id=\"{commitmentId}\"]");
        var deadline = DateTime.UtcNow.AddSeconds(60);
        string? text = null;
        while (DateTime.UtcNow < deadline)
        {
            await curator.GotoAsync($"/gaps?dealId={dealId}");
            text = await row.TextContentAsync();
            if (text?.Contains(shown) == true) break;
            await Task.Delay(500);
        }
        Assert.Contains(shown, text);
        await Screenshot(curator, $"{lang}-4-gaps");

        // And the observer's page shows it accepted, publicly.
        await observer.GotoAsync($"/commitments/{commitmentId}");
        Assert.Equal("accepted", await observer.Locator("article.observation", new() { HasTextString = narrative }).GetAttributeAsync("data-status"));
    }

    static async Task SignIn(IPage page, string key, string lang)
    {
        await page.GotoAsync($"/sign-in?lang={lang}");
        await page.FillAsync("#key", key);
        await page.ClickAsync("#sign-in button[type=submit]");
        await page.WaitForURLAsync(url => !url.Contains("/sign-in"));
        Assert.Equal(0, await page.Locator("#sign-in").CountAsync());
    }

    static Task Screenshot(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserHost.ScreenshotFolder, name + ".png"), FullPage = true });
}
