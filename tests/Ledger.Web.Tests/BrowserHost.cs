using Ledger.Api.Tests.Hosting;
using Ledger.LocalPostgres;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;

namespace Ledger.Web.Tests;

[CollectionDefinition(Name)] public sealed class BrowserCollection : ICollectionFixture<BrowserHost> { public const string Name = "browser"; }

/// <summary>
/// The real app on Kestrel on a free loopback port (a browser cannot reach the in-memory test server), on a fresh seeded
/// database, with headless Chromium from the Debian package driven by Playwright (installed on first use where the
/// test process may: as root or with a password-less sudo).
/// </summary>
public sealed class BrowserHost : LedgerApi
{
    public const string ChromiumPath = "/usr/bin/chromium";

    static readonly DebianPackage Chromium =
        new("chromium", "The browser tests (tests/Ledger.Web.Tests)", () => File.Exists(ChromiumPath));

    public BrowserHost() => UseKestrel(0);

    public string BaseUrl { get; private set; } = "";
    public IBrowser Browser { get; private set; } = null!;
    IPlaywright? _playwright;

    public static string ScreenshotFolder { get; } = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Ledger:Seed", "true");
        builder.UseSetting("Ledger:SeedPath", SeededLedgerApi.SeedsFolder);
        builder.UseUrls("http://127.0.0.1:0");
    }

    protected override void StartHost()
    {
        StartServer();
        BaseUrl = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
    }

    public async Task StartBrowserAsync()
    {
        if (Browser is not null) return;
        using (var logs = LoggerFactory.Create(logging => logging.AddSimpleConsole()))
            await Chromium.EnsureInstalledAsync(logs.CreateLogger<BrowserHost>());
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync"],
            Timeout = 60_000,
        });
        Directory.CreateDirectory(ScreenshotFolder);
    }

    public override async ValueTask DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        await base.DisposeAsync();
    }
}
