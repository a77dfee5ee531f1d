using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Ledger.Infrastructure.Http;

/// <summary>
/// Behind a reverse proxy every request comes from the proxy's address, so all anonymous callers would share one rate
/// budget. <c>Ledger:Proxies:Trusted</c> lists the proxies (addresses or CIDR networks) whose <c>X-Forwarded-For</c>
/// and <c>X-Forwarded-Proto</c> are believed; the header is ignored from anyone else, since a client can write it.
/// None by default: with no proxy configured, the connection's own address counts.
/// </summary>
public static class ForwardedClients
{
    public const string Section = "Ledger:Proxies:Trusted";

    /// <summary>The options for the configured proxies, or null when none is configured.</summary>
    public static ForwardedHeadersOptions? OptionsFor(IConfiguration configuration)
    {
        var trusted = configuration.GetSection(Section).Get<string[]>() ?? [];
        if (trusted.Length == 0) return null;
        var options = new ForwardedHeadersOptions
        {
            ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto,
            // Every trusted hop is unwrapped, up to the first address that is not a trusted proxy.
            ForwardLimit = null,
        };
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var entry in trusted.Select(t => t.Trim()).Where(t => t.Length > 0))
        {
            if (entry.Contains('/') && System.Net.IPNetwork.TryParse(entry, out var network)) options.KnownIPNetworks.Add(network);
            else if (IPAddress.TryParse(entry, out var address)) options.KnownProxies.Add(address);
            else throw new InvalidOperationException($"{Section}: '{entry}' is neither an IP address nor a CIDR network");
        }
        return options;
    }

    /// <summary>First in the pipeline, so that the rate limits and the logs see the client, not the proxy.</summary>
    public static IApplicationBuilder UseForwardedClients(this IApplicationBuilder app, IConfiguration configuration) =>
        OptionsFor(configuration) is { } options ? app.UseForwardedHeaders(options) : app;
}
