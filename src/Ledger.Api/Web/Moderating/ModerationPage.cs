using Ledger.Commitments;
using Ledger.Infrastructure.Recording;
using Ledger.Observations;
using Ledger.Observations.ListingObservations;
using Ledger.Observations.Moderating;
using Ledger.TimeTravel;
using Ledger.Web.Layout;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using static Ledger.Web.Layout.Markup;

namespace Ledger.Web.Moderating;

/// <summary><c>/moderation</c>: the curators' queue, read as <c>GET /api/observations</c> reads it, decided by the moderation route's rules.</summary>
public static class ModerationPage
{
    public static async Task<IResult> Show(string? done, HttpContext http, IQuerySession session, CancellationToken ct)
    {
        var w = new WebContext(http);
        if (Refused(w) is { } refused) return refused;
        return await RenderAsync(w, done, null, session, ct, StatusCodes.Status200OK);
    }

    public static async Task<IResult> Decide(string observationId, HttpContext http, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var w = new WebContext(http);
        if (Refused(w) is { } refused) return refused;
        if (!Guid.TryParse(observationId, out var id)) return Page.NotFound(w, "No observation has this id.");
        var form = await http.Request.ReadFormAsync(ct);
        var command = new ModerateObservation(
            Names.TryParse<ModerationDecision>(form["decision"], out var decision) ? decision : null, form["reason"].ToString());

        var stream = await ModerateObservationEndpoint.LoadAsync(id, session, ct);
        var problem = ModerateObservationEndpoint.Validate(command, stream, id);
        if (problem != WolverineContinue.NoProblems)
        {
            if (problem.Status == StatusCodes.Status404NotFound) return Page.NotFound(w, "No observation has this id.");
            var message = problem is ValidationProblemDetails v
                ? string.Join("; ", v.Errors.Select(e => $"{w.T[e.Key]}: {string.Join(", ", e.Value)}"))
                : problem.Detail ?? "";
            return await RenderAsync(w, null, (id, message), session, ct, problem.Status ?? StatusCodes.Status400BadRequest);
        }

        EventAttribution.Before(http, session);
        stream.AppendOne(ModerateObservationEndpoint.Decide(command, stream.Aggregate!, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime)));
        await session.SaveChangesAsync(ct);
        return Results.Redirect($"/moderation?done={Names.Of(command.Decision!.Value)}");
    }

    /// <summary>Anonymous: to the sign-in page. Signed in without a curator's role: 403.</summary>
    static IResult? Refused(WebContext w) =>
        w.Caller is null ? Results.Redirect("/sign-in?returnUrl=%2Fmoderation")
        : !w.IsCurator ? Page.Error(w, StatusCodes.Status403Forbidden, w.T["Curators only"], w.T["Only a curator's key may moderate observations."])
        : null;

    static async Task<IResult> RenderAsync(
        WebContext w, string? done, (Guid Id, string Message)? error, IQuerySession session, CancellationToken ct, int status)
    {
        var t = w.T;
        var queue = await ListObservationsEndpoint.Get(ModerationStatus.Pending, 1, 100, session, ct);
        var commitmentIds = queue.Items.Select(o => o.CommitmentId).Distinct().ToArray();
        var titles = commitmentIds.Length == 0 ? new Dictionary<Guid, string>()
            : (await session.LoadManyAsync<Commitment>(ct, commitmentIds)).ToDictionary(c => c.Id, c => c.Title);

        var main = H($"""
            <h1>{t["Moderation"]}</h1>
            {If(done is "accepted" or "rejected", H($"<p class=\"notice\" role=\"status\">{t["The observation was " + done + "."]}</p>"))}
            <p>{queue.Total} {t["observations pending, oldest first."]}</p>
            {(queue.Items.Count == 0 ? H($"<p class=\"muted\">{t["Nothing to moderate."]}</p>") : Html.Join(queue.Items.Select(o => H($"""
                <article class="card pending" id="pending-{o.Id}">
                <p><a href="/commitments/{o.CommitmentId}">{titles.GetValueOrDefault(o.CommitmentId, o.CommitmentId.ToString())}</a></p>
                <p><strong>{t.Of(o.Finding.Assessment)}</strong>{(o.Finding.Amount is { } a ? ": " + t.Number(a) : "")} · {t["observed"]} {t.Date(o.ObservedOn)} · {o.OrganizationName}{(o.Location is { } l ? " · " + l.Place : "")} · {t["submitted"]} {t.Instant(o.SubmittedAt)}</p>
                <p lang="{o.Language}">{o.Narrative}</p>
                {If(o.Evidence.Count > 0, H($"<ul>{o.Evidence.Select(e => H($"<li>{(e.Url is null ? H($"{e.MediaType}") : ExternalLink(e.Url, e.Title ?? e.Url))} <code class=\"hash\">sha256:{e.Sha256}</code></li>"))}</ul>"))}
                {If(error?.Id == o.Id, H($"<p class=\"error\" role=\"alert\">{error?.Message}</p>"))}
                <form method="post" action="/moderation/{o.Id}" class="stack">
                {w.AntiforgeryField()}
                <label for="reason-{o.Id}">{t["Reason (required to reject)"]}</label>
                <input type="text" id="reason-{o.Id}" name="reason" maxlength="2000">
                <p><button type="submit" name="decision" value="accepted">{t["Accept"]}</button> <button type="submit" name="decision" value="rejected">{t["Reject"]}</button></p>
                </form>
                </article>
                """))))}
            """);
        return Page.Render(w, t["Moderation"], main, status);
    }
}
