using Microsoft.AspNetCore.Http.Features;

namespace Ledger.Infrastructure.Http;

/// <summary>
/// HEAD on any GET route or page answers what the GET would — status and headers, ETag and length included — without the
/// body: link checkers and uptime monitors use it, and routes mapped as GET alone would answer it 405.
/// </summary>
public static class HeadRequests
{
    /// <summary>Before routing, so that a HEAD request reaches the GET endpoint.</summary>
    public static IApplicationBuilder UseHeadAsGet(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (!HttpMethods.IsHead(http.Request.Method))
        {
            await next(http);
            return;
        }
        var body = http.Features.GetRequiredFeature<IHttpResponseBodyFeature>();
        http.Request.Method = HttpMethods.Get;
        http.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(Stream.Null, body));
        try
        {
            await next(http);
        }
        finally
        {
            // Back to HEAD before the server sends the headers, so that it sends no body and keeps Content-Length.
            http.Request.Method = HttpMethods.Head;
            http.Features.Set(body);
        }
    });
}
