using Microsoft.Playwright;

namespace Ledger.Web.Tests;

/// <summary>
/// The API reference page in headless Chromium: it renders the ledger's operations, and every request it makes — script,
/// document, fonts, anything a later version of the script might add — goes to the ledger's own origin.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class the_api_reference_in_a_browser(BrowserHost host)
{
    [Fact]
    public async Task renders_the_operations_and_asks_nothing_of_another_origin()
    {
        await host.StartBrowserAsync();
        await using var context = await host.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = host.BaseUrl });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(30_000);
        var requested = new List<string>();
        var refused = new List<string>();
        page.Request += (_, request) => requested.Add(request.Url);
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)) refused.Add(message.Text);
        };

        await page.GotoAsync("/scalar/");
        await page.GetByText("Register a deal").First.WaitForAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        var screenshot = Path.Combine(BrowserHost.ScreenshotFolder, "api-reference.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot });

        Assert.Contains(requested, url => url.EndsWith("/openapi/v1.json", StringComparison.Ordinal));
        Assert.All(requested, url => Assert.True(url.StartsWith(host.BaseUrl + "/", StringComparison.Ordinal)
            || url.StartsWith("data:", StringComparison.Ordinal) || url.StartsWith("blob:", StringComparison.Ordinal), url));
        Assert.Empty(refused); // nothing the page needs was blocked, so nothing was left to try elsewhere
    }
}
