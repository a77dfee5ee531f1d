using JasperFx.Events;
using Ledger.Infrastructure.Auth;
using Marten;

namespace Ledger.Infrastructure.Recording;

/// <summary>Who appended an event, as stamped by <see cref="EventAttribution"/>.</summary>
public sealed record RecordedBy(string? OrganizationId, string? OrganizationName, string? KeyId)
{
    public static RecordedBy Of(IEvent e) => new(
        Header(e, EventAttribution.OrganizationIdHeader), Header(e, EventAttribution.OrganizationNameHeader), Header(e, EventAttribution.KeyIdHeader));

    static string? Header(IEvent e, string name) => e.Headers?.TryGetValue(name, out var value) == true ? value?.ToString() : null;
}

/// <summary>
/// Stamps every event appended during a write request with who appended it (organization and key) and a correlation id,
/// as Marten event metadata beside the event's own data.
/// </summary>
public static class EventAttribution
{
    public const string CorrelationHeader = "X-Correlation-Id";
    public const string OrganizationIdHeader = "organizationId";
    public const string OrganizationNameHeader = "organizationName";
    public const string KeyIdHeader = "keyId";

    /// <summary>Wolverine middleware, run before each write endpoint on the endpoint's own session.</summary>
    public static void Before(HttpContext http, IDocumentSession session)
    {
        session.CorrelationId = CorrelationIdOf(http);
        if (Caller.From(http.User) is not { } caller) return;
        session.SetHeader(OrganizationIdHeader, caller.OrganizationId.ToString());
        session.SetHeader(OrganizationNameHeader, caller.OrganizationName);
        session.SetHeader(KeyIdHeader, caller.KeyId);
    }

    /// <summary>The client's X-Correlation-Id when it sends a sensible one, else one made for this request; echoed back.</summary>
    public static string CorrelationIdOf(HttpContext http)
    {
        if (http.Items[CorrelationHeader] is string known) return known;
        string? sent = http.Request.Headers[CorrelationHeader];
        var id = !string.IsNullOrWhiteSpace(sent) && sent.Length <= 100 && sent.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
            ? sent
            : Guid.CreateVersion7().ToString("N");
        http.Items[CorrelationHeader] = id;
        return id;
    }

    public static IApplicationBuilder UseCorrelationIds(this IApplicationBuilder app) => app.Use((http, next) =>
    {
        http.Response.Headers[CorrelationHeader] = CorrelationIdOf(http);
        return next(http);
    });
}
