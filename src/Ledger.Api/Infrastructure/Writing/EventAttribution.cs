using JasperFx.Events;
using Ledger.Infrastructure.Writing;
using Marten;
using Wolverine;

namespace Ledger.Infrastructure.Writing;

/// <summary>Who appended an event, as stamped by <see cref="EventAttribution"/>.</summary>
public sealed record RecordedBy(string? OrganizationId, string? OrganizationName, string? KeyId)
{
    public static RecordedBy Of(IEvent e) => new(
        Header(e, EventAttribution.OrganizationIdHeader), Header(e, EventAttribution.OrganizationNameHeader),
        Header(e, EventAttribution.KeyIdHeader));

    /// <summary>
    /// As <paramref name="viewer"/> may read it: a key id names one key, often one person's, so only admins and the
    /// key's own organization see it.
    /// </summary>
    public RecordedBy For(Ledger.Organizations.Keys.Caller? viewer) =>
        viewer is { Role: Ledger.Organizations.Role.Admin } || viewer?.OrganizationId.ToString() == OrganizationId
            ? this : this with { KeyId = null };

    static string? Header(IEvent e, string name) =>
        e.Headers?.TryGetValue(name, out var value) == true ? value?.ToString() : null;
}

/// <summary>
/// Stamps every event a write appends with who appended it (organization and key) and a correlation id, as Marten
/// event metadata beside the event's own data.
/// </summary>
public static class EventAttribution
{
    public const string CorrelationHeader = "X-Correlation-Id";
    public const string OrganizationIdHeader = "organizationId";
    public const string OrganizationNameHeader = "organizationName";
    public const string KeyIdHeader = "keyId";

    /// <summary>Wolverine middleware, run before each write handler on the handler's own session.</summary>
    public static void Before(IWrite write, Envelope envelope, IDocumentSession session)
    {
        session.CorrelationId = envelope.CorrelationId ?? Guid.CreateVersion7().ToString("N");
        session.SetHeader(OrganizationIdHeader, write.By.OrganizationId.ToString());
        session.SetHeader(OrganizationNameHeader, write.By.OrganizationName);
        session.SetHeader(KeyIdHeader, write.By.KeyId);
    }

    /// <summary>What <see cref="Before"/> stamped on a handler's session, for a writer that appends on another session.</summary>
    public static IReadOnlyList<(string Name, string? Value)> HeadersOf(IDocumentSession session) =>
        [.. new[] { OrganizationIdHeader, OrganizationNameHeader, KeyIdHeader }
            .Select(name => (name, session.GetHeader(name)?.ToString()))
            .Where(header => header.Item2 is not null)];

    /// <summary>The client's X-Correlation-Id when it sends a sensible one, else one made for this request; echoed back.</summary>
    public static string CorrelationIdOf(HttpContext http)
    {
        if (http.Items[CorrelationHeader] is string known) return known;
        string? sent = http.Request.Headers[CorrelationHeader];
        var sensible = !string.IsNullOrWhiteSpace(sent) && sent.Length <= 100
            && sent.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
        var id = sensible ? sent! : Guid.CreateVersion7().ToString("N");
        http.Items[CorrelationHeader] = id;
        return id;
    }

    public static IApplicationBuilder UseCorrelationIds(this IApplicationBuilder app) => app.Use((http, next) =>
    {
        http.Response.Headers[CorrelationHeader] = CorrelationIdOf(http);
        return next(http);
    });
}
