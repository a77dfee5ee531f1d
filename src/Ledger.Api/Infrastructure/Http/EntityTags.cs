using System.Security.Cryptography;
using System.Text;
using Ledger.Organizations.Keys;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace Ledger.Infrastructure.Http;

/// <summary>
/// Every GET answered 200 carries a weak ETag, and an <c>If-None-Match</c> naming it is answered 304 without a body.
/// The tag hashes the body and the API key that asked. From the body rather than a ledger position: an answer also
/// reflects today's date (what is overdue), the async projections' progress, the latest signed checkpoint and the
/// viewer's rights, and a tag that missed one of them would confirm a stale answer. From the key as well, so that a
/// 304 never vouches for what another viewer was shown. A 304 saves the transfer, not the query.
/// </summary>
public static class EntityTags
{
    /// <summary>After authentication: the tag needs to know who asks.</summary>
    public static IApplicationBuilder UseEntityTags(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (!HttpMethods.IsGet(http.Request.Method))
        {
            await next(http);
            return;
        }
        var body = http.Features.GetRequiredFeature<IHttpResponseBodyFeature>();
        using var buffer = new MemoryStream();
        http.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(buffer, body));
        try
        {
            await next(http);
        }
        finally
        {
            http.Features.Set(body);
        }

        var response = http.Response;
        if (response.StatusCode == StatusCodes.Status200OK && response.Headers.ETag.Count == 0)
        {
            var tag = TagOf(buffer, Caller.From(http.User)?.KeyId);
            response.Headers.ETag = tag.ToString();
            response.Headers.Append(HeaderNames.Vary, "Authorization, Cookie");
            if (Matches(http.Request, tag))
            {
                response.StatusCode = StatusCodes.Status304NotModified;
                response.ContentLength = null;
                response.Headers.ContentType = default;
                return;
            }
            response.ContentLength = buffer.Length;
        }
        buffer.Position = 0;
        await buffer.CopyToAsync(response.Body, http.RequestAborted);
    });

    public static EntityTagHeaderValue TagOf(MemoryStream body, string? viewer)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes((viewer ?? "") + "\n"));
        hash.AppendData(body.GetBuffer(), 0, (int)body.Length);
        var digest = Convert.ToBase64String(hash.GetHashAndReset(), 0, 18).Replace('+', '-').Replace('/', '_');
        return new EntityTagHeaderValue($"\"{digest}\"", isWeak: true);
    }

    /// <summary>RFC 9110 §13.1.2: weak comparison, any of a list, or <c>*</c>.</summary>
    static bool Matches(HttpRequest request, EntityTagHeaderValue tag) =>
        EntityTagHeaderValue.TryParseList(request.Headers.IfNoneMatch, out var sent)
        && sent.Any(t => t.Equals(EntityTagHeaderValue.Any) || t.Compare(tag, useStrongComparison: false));
}
