using System.Text;
using Ledger.Measuring;
using Ledger.Organizations;
using Ledger.Organizations.Keys;
using Ledger.Web.Localisation;
using Marten;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.Extensions;
using static Ledger.Web.Layout.Markup;

namespace Ledger.Web.Layout;

/// <summary>What every page needs: the request, its language, who is signed in, and antiforgery tokens for its forms.</summary>
public sealed class WebContext(HttpContext http, UnitCatalogue? units = null)
{
    /// <summary>For a page that shows amounts: its language names the registered units as well as the built-in ones.</summary>
    public static async Task<WebContext> WithUnitsAsync(HttpContext http, IQuerySession session, CancellationToken ct) =>
        new(http, await session.UnitCatalogueAsync(ct));

    public HttpContext Http { get; } = http;
    public Language T { get; } = units is null ? Language.Resolve(http) : Language.Resolve(http).WithUnits(units);
    public Caller? Caller { get; } = Caller.From(http.User);
    public bool IsCurator => Caller?.Role is Role.Curator or Role.Admin;

    public Html AntiforgeryField()
    {
        var tokens = Http.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(Http);
        return H($"<input type=\"hidden\" name=\"{tokens.FormFieldName}\" value=\"{tokens.RequestToken}\">");
    }

    /// <summary>This page in the other language.</summary>
    public string SwitchLanguageUrl()
    {
        var query = Http.Request.Query.Where(q => q.Key != "lang").SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string?>(q.Key, v)))
            .Append(new KeyValuePair<string, string?>("lang", T.Other.Code));
        return Http.Request.Path + QueryString.Create(query).ToUriComponent();
    }
}

/// <summary>An HTML page with the security headers every page carries: no script at all, no framing, no sniffing.</summary>
public sealed class PageResult(string html, int status) : IResult
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; style-src 'self'; img-src 'self' data:; script-src 'none'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    public string Body => html;

    public Task ExecuteAsync(HttpContext http)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "text/html; charset=utf-8";
        AddSecurityHeaders(http.Response);
        http.Response.Headers.CacheControl = "no-cache, private";
        return http.Response.WriteAsync(html, Encoding.UTF8);
    }

    public static void AddSecurityHeaders(HttpResponse response)
    {
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
        response.Headers.XFrameOptions = "DENY";
    }
}

public static class Page
{
    public static IResult Render(WebContext w, string title, Html main, int status = StatusCodes.Status200OK)
    {
        var t = w.T;
        var who = w.Caller is { } caller
            ? H($"""
                <span class="who">{caller.OrganizationName} ({t[caller.Role.ToString().ToLowerInvariant()]})</span>
                <form method="post" action="/sign-out" class="inline">{w.AntiforgeryField()}<button type="submit" class="link">{t["Sign out"]}</button></form>
                """)
            : H($"<a href=\"/sign-in?returnUrl={Uri.EscapeDataString(w.Http.Request.GetEncodedPathAndQuery())}\">{t["Sign in"]}</a>");
        var html = H($"""
            <!doctype html>
            <html lang="{t.Code}">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{title} · Ledger</title>
            <link rel="stylesheet" href="{Css.Path}">
            </head>
            <body>
            <header>
            <nav aria-label="{t["Main"]}">
            <a href="/" class="brand">Ledger</a>
            <a href="/gaps">{t["Gaps"]}</a>
            {If(w.IsCurator, H($"<a href=\"/moderation\">{t["Moderation"]}</a>"))}
            <span class="spacer"></span>
            {who}
            <a href="{w.SwitchLanguageUrl()}" hreflang="{t.Other.Code}" lang="{t.Other.Code}">{(t.IsFrench ? "English" : "Français")}</a>
            </nav>
            </header>
            <main>
            {main}
            </main>
            <footer>
            <p>{t["Ledger records what was promised, what was claimed and what independent observers verified, each with its sources."]}</p>
            <p><a href="/scalar">{t["API reference"]}</a> · <a href="/openapi/v1.json">OpenAPI</a></p>
            </footer>
            </body>
            </html>
            """);
        return new PageResult(html.Value, status);
    }

    public static IResult Error(WebContext w, int status, string title, string detail) =>
        Render(w, title, H($"<h1>{title}</h1><p>{detail}</p><p><a href=\"/\">{w.T["Back to the deals"]}</a></p>"), status);

    public static IResult NotFound(WebContext w, string what) =>
        Error(w, StatusCodes.Status404NotFound, w.T["Not found"], w.T[what]);
}

/// <summary>The one stylesheet, embedded in the assembly and served from the app (no third-party requests).</summary>
public static class Css
{
    public static readonly string Text = Read();

    /// <summary>Named by its content's hash: cached for a year, and a changed stylesheet has a new name.</summary>
    public static readonly string Path =
        $"/web/site.{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(Text)))[..12]}.css";

    static string Read()
    {
        using var stream = typeof(Css).Assembly.GetManifestResourceStream("Ledger.Web.Layout.site.css")
            ?? throw new InvalidOperationException("The embedded stylesheet is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public static IResult Serve(HttpContext http)
    {
        http.Response.Headers.XContentTypeOptions = "nosniff";
        http.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
        return Results.Text(Text, "text/css; charset=utf-8");
    }
}
