using Ledger.Organizations.Keys;
using Ledger.Web.Layout;
using Marten;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using static Ledger.Web.Layout.Markup;

namespace Ledger.Web.SigningIn;

/// <summary>
/// Pages authenticate with a cookie session opened by an organization's API key, checked exactly as the bearer scheme
/// checks it. The REST routes never read the cookie: <see cref="SelectScheme"/> sends <c>/api</c> to the bearer scheme.
/// </summary>
public static class WebAuth
{
    public const string CookieScheme = "WebSession";
    public const string DefaultScheme = "ApiKeyOrWebSession";

    public static string SelectScheme(HttpContext http) =>
        http.Request.Path.StartsWithSegments("/api") || !string.IsNullOrEmpty(http.Request.Headers.Authorization)
            ? ApiKeyAuthentication.SchemeName
            : CookieScheme;

    public static void Configure(CookieAuthenticationOptions cookie)
    {
        cookie.Cookie.Name = "ledger_session";
        cookie.Cookie.HttpOnly = true;
        cookie.Cookie.SameSite = SameSiteMode.Strict;
        cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        cookie.ExpireTimeSpan = TimeSpan.FromHours(8);
        cookie.SlidingExpiration = true;
        cookie.LoginPath = "/sign-in";
        cookie.ReturnUrlParameter = "returnUrl";
        cookie.Events.OnValidatePrincipal = EndIfKeyRevokedAsync;
    }

    /// <summary>A session lasts only as long as the key it was opened with: checked at every page, on any node.</summary>
    static async Task EndIfKeyRevokedAsync(CookieValidatePrincipalContext context)
    {
        if (context.Principal is null || Caller.From(context.Principal) is not { } caller) return;
        var services = context.HttpContext.RequestServices;
        if (await services.GetRequiredService<IssuedKeys>().StillValidAsync(caller, services.GetRequiredService<BootstrapAdminKey>(),
                context.HttpContext.RequestAborted))
            return;
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(CookieScheme);
    }

    /// <summary>Only a local path: never an open redirect to another site.</summary>
    public static string LocalReturnUrl(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) ? url : "/";
}

public static class SignInPage
{
    public static IResult Show(string? returnUrl, HttpContext http) =>
        Render(new WebContext(http), returnUrl, null, StatusCodes.Status200OK);

    public static async Task<IResult> Submit(
        HttpContext http, BootstrapAdminKey bootstrap, IssuedKeys issuedKeys, CancellationToken ct)
    {
        var w = new WebContext(http);
        var form = await http.Request.ReadFormAsync(ct);
        var key = form["key"].ToString().Trim();
        var returnUrl = form["returnUrl"].ToString();
        if (key.Length == 0) return Render(w, returnUrl, w.T["Enter your organization's API key."], StatusCodes.Status400BadRequest);
        var (caller, _) = await ApiKeyAuthentication.ResolveAsync(key, bootstrap, issuedKeys, ct);
        if (caller is null) return Render(w, returnUrl, w.T["This key is not valid."], StatusCodes.Status400BadRequest);
        await http.SignInAsync(WebAuth.CookieScheme, caller.ToPrincipal(WebAuth.CookieScheme));
        return Results.Redirect(WebAuth.LocalReturnUrl(returnUrl));
    }

    public static async Task<IResult> SignOut(HttpContext http, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        await http.SignOutAsync(WebAuth.CookieScheme);
        return Results.Redirect("/");
    }

    static IResult Render(WebContext w, string? returnUrl, string? error, int status)
    {
        var t = w.T;
        var intro = t["Observers and curators sign in with the API key issued to their organization. "
            + "The key is checked once; the browser then keeps a session cookie."];
        var main = H($"""
            <h1>{t["Sign in"]}</h1>
            <p>{intro}</p>
            <form method="post" action="/sign-in" class="stack card" id="sign-in">
            {w.AntiforgeryField()}
            <input type="hidden" name="returnUrl" value="{WebAuth.LocalReturnUrl(returnUrl)}">
            <label for="key">{t["API key"]}</label>
            <input type="password" id="key" name="key" autocomplete="current-password" required>
            {If(error is not null, H($"<p class=\"error\" role=\"alert\">{error}</p>"))}
            <p><button type="submit">{t["Sign in"]}</button></p>
            </form>
            """);
        return Page.Render(w, t["Sign in"], main, status);
    }
}
