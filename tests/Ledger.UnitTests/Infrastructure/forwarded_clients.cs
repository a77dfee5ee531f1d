using System.Net;
using Ledger.Infrastructure.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ledger.UnitTests.Infrastructure;

/// <summary>Only a configured proxy may say who the client is: anyone else's <c>X-Forwarded-For</c> is ignored.</summary>
public class forwarded_clients
{
    static IConfiguration Trusting(params string[] proxies) => new ConfigurationBuilder()
        .AddInMemoryCollection(proxies.Select((p, i) => KeyValuePair.Create($"{ForwardedClients.Section}:{i}", (string?)p)))
        .Build();

    /// <summary>The client address the rest of the pipeline sees, after the forwarded-headers step the app runs.</summary>
    static async Task<string> CallerSeenAsync(IConfiguration configuration, string from, string? forwardedFor)
    {
        var services = new ServiceCollection().AddSingleton<Microsoft.Extensions.Logging.ILoggerFactory>(NullLoggerFactory.Instance)
            .BuildServiceProvider();
        var app = new ApplicationBuilder(services);
        app.UseForwardedClients(configuration);
        string? seen = null;
        app.Run(http => { seen = RateLimits.CallerOf(http); return Task.CompletedTask; });

        var request = new DefaultHttpContext { RequestServices = services };
        request.Connection.RemoteIpAddress = IPAddress.Parse(from);
        if (forwardedFor is not null) request.Request.Headers["X-Forwarded-For"] = forwardedFor;
        await app.Build()(request);
        return seen!;
    }

    [Fact]
    public async Task with_no_proxy_configured_the_header_is_ignored() =>
        Assert.Equal("address:198.51.100.7", await CallerSeenAsync(Trusting(), "198.51.100.7", "203.0.113.5"));

    [Fact]
    public async Task a_trusted_proxy_names_the_client() =>
        Assert.Equal("address:203.0.113.5", await CallerSeenAsync(Trusting("10.0.0.2"), "10.0.0.2", "203.0.113.5"));

    [Fact]
    public async Task a_proxy_network_is_trusted_by_its_cidr() =>
        Assert.Equal("address:203.0.113.5", await CallerSeenAsync(Trusting("10.0.0.0/8"), "10.9.8.7", "203.0.113.5"));

    [Fact]
    public async Task a_client_that_is_not_a_trusted_proxy_cannot_pick_its_own_budget() =>
        Assert.Equal("address:198.51.100.7", await CallerSeenAsync(Trusting("10.0.0.2"), "198.51.100.7", "203.0.113.5"));

    [Fact]
    public async Task an_address_a_client_prepended_is_not_believed()
    {
        // The client sent "X-Forwarded-For: 192.0.2.1"; the trusted proxy appended the address it saw.
        var seen = await CallerSeenAsync(Trusting("10.0.0.2"), "10.0.0.2", "192.0.2.1, 203.0.113.5");
        Assert.Equal("address:203.0.113.5", seen);
    }

    [Fact]
    public void a_malformed_proxy_entry_stops_the_start() =>
        Assert.Throws<InvalidOperationException>(() => ForwardedClients.OptionsFor(Trusting("proxy.example")));
}
