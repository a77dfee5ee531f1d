using Ledger.Infrastructure.Postgres;
using Ledger.Web.Commitments;
using Ledger.Web.Deals;
using Ledger.Web.Gaps;
using Ledger.Web.Layout;
using Ledger.Web.Moderating;
using Ledger.Web.Parties;
using Ledger.Web.SigningIn;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.ResponseCompression;

namespace Ledger.Web;

/// <summary>Server-rendered pages for observers and watchdogs: plain HTML and inline SVG, no script, in French and English.</summary>
public static class WebPages
{
    public static AuthenticationBuilder AddWebSession(this AuthenticationBuilder auth) =>
        auth.AddCookie(WebAuth.CookieScheme, WebAuth.Configure)
            .AddPolicyScheme(WebAuth.DefaultScheme, "API key for /api, the web session for pages", p => p.ForwardDefaultSelector = WebAuth.SelectScheme);

    public static IServiceCollection AddWebPages(this IServiceCollection services)
    {
        services.AddAntiforgery(a =>
        {
            a.Cookie.Name = "ledger_csrf";
            a.Cookie.SameSite = SameSiteMode.Strict;
            a.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            a.FormFieldName = "__csrf";
        });
        services.AddResponseCompression(c =>
        {
            c.EnableForHttps = true;
            c.Providers.Add<BrotliCompressionProvider>();
            c.Providers.Add<GzipCompressionProvider>();
            // The pages, and the API's JSON and CSV: the OpenAPI document shrinks from ~250 KB to ~14 KB, the reference
            // page's script from ~4.9 MB to ~1.4 MB (Brotli).
            c.MimeTypes = ["text/html", "text/css", "application/json", "application/problem+json", "text/csv",
                "text/javascript", "application/javascript"];
        });
        return services;
    }

    public static void MapWebPages(this WebApplication app)
    {
        app.MapGet(Css.Path, Css.Serve).ExcludeFromDescription();
        var pages = app.MapGroup("").ExcludeFromDescription().AddEndpointFilter(FriendlyErrors);
        pages.MapGet("/", DealPages.List);
        pages.MapGet("/deals/{dealId}", DealPages.Show);
        pages.MapGet("/commitments/{commitmentId}", CommitmentPage.Show);
        pages.MapGet("/gaps", GapsTablePage.Show);
        pages.MapGet("/parties/{name}", PartyPage.Show);
        pages.MapGet("/sign-in", SignInPage.Show);
        pages.MapGet("/moderation", ModerationPage.Show);

        var forms = pages.MapGroup("").AddEndpointFilter(RequireAntiforgery);
        forms.MapPost("/sign-in", SignInPage.Submit);
        forms.MapPost("/sign-out", SignInPage.SignOut);
        forms.MapPost("/commitments/{commitmentId}/observations", CommitmentPage.Submit);
        forms.MapPost("/moderation/{observationId}", ModerationPage.Decide);
    }

    /// <summary>Every form carries an antiforgery token; a post without a valid one is refused with 400 before anything is read or written.</summary>
    static async ValueTask<object?> RequireAntiforgery(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        try
        {
            await http.RequestServices.GetRequiredService<IAntiforgery>().ValidateRequestAsync(http);
        }
        catch (AntiforgeryValidationException)
        {
            var w = new WebContext(http);
            return Page.Error(w, StatusCodes.Status400BadRequest, w.T["This form has expired"],
                w.T["The form was not sent from this site, or it was open too long. Go back, reload the page and try again."]);
        }
        return await next(context);
    }

    /// <summary>A page that fails shows a short apology, never a stack trace; REST keeps its problem documents.</summary>
    static async ValueTask<object?> FriendlyErrors(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (Exception e) when (e is not OperationCanceledException && !context.HttpContext.Response.HasStarted)
        {
            var http = context.HttpContext;
            if (DatabaseOutage.Is(e)) return Unavailable(new WebContext(http), e);
            http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Ledger.Web")
                .LogError(e, "The page {Path} failed", http.Request.Path);
            var w = new WebContext(http);
            return e is BadHttpRequestException bad
                ? Page.Error(w, bad.StatusCode, w.T["This request cannot be handled"], w.T["The form or the address is not valid."])
                : Page.Error(w, StatusCodes.Status500InternalServerError,
                    w.T["Something went wrong"], w.T["The page could not be shown. Please try again later."]);
        }
    }

    /// <summary>
    /// PostgreSQL is unreachable, or the page's query ran past its time budget: 503 with <c>Retry-After</c>. An outage
    /// is logged once per outage; an overrun is a busy server, not a down one, and says so.
    /// </summary>
    static IResult Unavailable(WebContext w, Exception e)
    {
        w.Http.RequestServices.GetRequiredService<DatabaseOutageLog>().Answering503(w.Http, e);
        return DatabaseOutage.IsOverBudget(e)
            ? Page.Error(w, StatusCodes.Status503ServiceUnavailable, w.T["The ledger is busy"],
                w.T["This page took too long to prepare. Please try again in a few seconds, or narrow what it shows."])
            : Page.Error(w, StatusCodes.Status503ServiceUnavailable, w.T["The ledger is briefly unavailable"],
                w.T["Its database cannot be reached right now. Please try again in a few seconds."]);
    }
}
