using Ledger.Commitments;
using Ledger.Infrastructure;
using Ledger.Infrastructure.Http;
using Ledger.Infrastructure.Writing;
using Ledger.Observations;
using Ledger.Observations.Lists;
using Ledger.Observations.Moderating;
using Ledger.TimeTravel;
using Ledger.Web.Layout;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine;
using static Ledger.Web.Layout.Markup;

namespace Ledger.Web.Moderating;

/// <summary>
/// <c>/moderation</c>: the curators' queue, read as <c>GET /api/observations</c> reads it, decided by the moderation
/// route's rules.
/// </summary>
public static class ModerationPage
{
    public static async Task<IResult> Show(string? done, HttpContext http, IQuerySession session, CancellationToken ct)
    {
        var w = new WebContext(http);
        if (Refused(w) is { } refused) return refused;
        return await RenderAsync(w, done, null, session, ct, StatusCodes.Status200OK);
    }

    /// <summary>The form posts here, and goes to the REST route's handler (<see cref="ModerateObservationHandler"/>).</summary>
    public static async Task<IResult> Decide(
        string observationId, HttpContext http, IMessageBus bus, IQuerySession session, CancellationToken ct)
    {
        var w = new WebContext(http);
        if (Refused(w) is { } refused) return refused;
        if (!Guid.TryParse(observationId, out var id)) return Page.NotFound(w, "No observation has this id.");
        var form = await http.Request.ReadFormAsync(ct);
        var publicNarrative = form["publicNarrative"].ToString();
        var request = new ModerateObservation(
            Names.TryParse<ModerationDecision>(form["decision"], out var decision) ? decision : null, form["reason"].ToString(),
            string.IsNullOrWhiteSpace(publicNarrative) || decision == ModerationDecision.Rejected ? null : publicNarrative);

        ProblemDetails? refusal;
        try
        {
            refusal = (await bus.WriteAsync<ModerationRecorded>(new ModerateObservationCommand(id, request, w.Caller!), http)).Refusal;
        }
        catch (Exception e) when (ExceptionProblems.LostRace(e))
        {
            refusal = Problems.Conflict(w.T["Another curator decided on this observation at the same moment."]);
        }
        if (refusal is { Status: StatusCodes.Status404NotFound }) return Page.NotFound(w, "No observation has this id.");
        if (refusal is not null)
        {
            var message = string.Join("; ", FormErrors.Of(refusal).Select(e => $"{w.T[e.Key]}: {string.Join(", ", e.Value)}"));
            return await RenderAsync(w, null, (id, message), session, ct, refusal.Status ?? StatusCodes.Status400BadRequest);
        }
        return Results.Redirect($"/moderation?done={Names.Of(request.Decision!.Value)}");
    }

    /// <summary>Anonymous: to the sign-in page. Signed in without a curator's role: 403.</summary>
    static IResult? Refused(WebContext w) =>
        w.Caller is null ? Results.Redirect("/sign-in?returnUrl=%2Fmoderation")
        : !w.IsCurator ? Page.Error(w, StatusCodes.Status403Forbidden,
            w.T["Curators only"], w.T["Only a curator's key may moderate observations."])
        : null;

    static async Task<IResult> RenderAsync(
        WebContext w, string? done, (Guid Id, string Message)? error, IQuerySession session, CancellationToken ct, int status)
    {
        var t = w.T;
        var queue = await ListObservationsEndpoint.Get(ModerationStatus.Pending, 1, 100, w.Http.User, session,
            w.Http.RequestServices.GetRequiredService<ObserverPrivacy>(), ct);
        var commitmentIds = queue.Items.Select(o => o.CommitmentId).Distinct().ToArray();
        var titles = await session.CommitmentTitlesAsync(commitmentIds, ct);
        // A decision that lost to another curator's: its observation has left the queue, so the reason goes on top.
        var leftQueue = error is { } e && queue.Items.All(o => o.Id != e.Id);
        var pending = queue.Items.Count == 0
            ? H($"<p class=\"muted\">{t["Nothing to moderate."]}</p>")
            : Html.Join(queue.Items.Select(o =>
                PendingObservation(w, o, titles.GetValueOrDefault(o.CommitmentId, o.CommitmentId.ToString()), error)));

        var main = H($"""
            <h1>{t["Moderation"]}</h1>
            {If(leftQueue, H($"<p class=\"error\" role=\"alert\" id=\"error-{error?.Id}\">{error?.Message}</p>"))}
            {If(done is "accepted" or "rejected", H($"<p class=\"notice\" role=\"status\">{t["The observation was " + done + "."]}</p>"))}
            <p>{queue.Total} {t["observations pending, oldest first."]}</p>
            {pending}
            """);
        return Page.Render(w, t["Moderation"], main, status);
    }

    static Html PendingObservation(WebContext w, Observation o, string title, (Guid Id, string Message)? error)
    {
        var t = w.T;
        var amount = o.Finding.Amount is { } a ? ": " + t.Number(a) : "";
        var place = o.Location is { } l ? " · " + l.Place : "";
        var observed = H($"{t["observed"]} {t.Date(o.ObservedOn)} · {o.OrganizationName}{place}");
        var submitted = H($"{t["submitted"]} {t.Instant(o.SubmittedAt)}");
        var evidence = If(o.Evidence.Count > 0, H($"<ul>{o.Evidence.Select(e => H(
            $"<li>{(e.Url is null ? H($"{e.MediaType}") : ExternalLink(e.Url, e.Title ?? e.Url))} " +
            $"<code class=\"hash\">sha256:{e.Sha256}</code></li>"))}</ul>"));
        // A narrative that seems to hold a way to reach someone: the curator may publish it redacted.
        var withheld = t["Unless you give a redacted narrative, the public reads it with those parts withheld."];
        var flagged = If(o.NarrativeFlags.Count > 0, H(
            $"""<p class="warning" role="note">{t["The narrative seems to contain"]}: """ +
            $"""{string.Join(", ", o.NarrativeFlags.Select(f => t[f]))}. {withheld}</p>"""));
        var redaction = H(
            $"""<label for="public-{o.Id}">{t["Narrative for the public (optional, on acceptance)"]}</label>""" +
            $"""<textarea id="public-{o.Id}" name="publicNarrative" maxlength="10000"></textarea>""");
        var decisions = H(
            $"""<p><button type="submit" name="decision" value="accepted">{t["Accept"]}</button> """ +
            $"""<button type="submit" name="decision" value="rejected">{t["Reject"]}</button></p>""");
        return H($"""
            <article class="card pending" id="pending-{o.Id}">
            <p><a href="/commitments/{o.CommitmentId}">{title}</a></p>
            <p><strong>{t.Of(o.Finding.Assessment)}</strong>{amount} · {observed} · {submitted}</p>
            <p lang="{o.Language}">{o.Narrative ?? t["The observer's details were erased."]}</p>
            {evidence}
            {flagged}
            {If(error?.Id == o.Id, H($"<p class=\"error\" role=\"alert\">{error?.Message}</p>"))}
            <form method="post" action="/moderation/{o.Id}" class="stack">
            {w.AntiforgeryField()}
            <label for="reason-{o.Id}">{t["Reason (required to reject)"]}</label>
            <input type="text" id="reason-{o.Id}" name="reason" maxlength="2000">
            {redaction}
            {decisions}
            </form>
            </article>
            """);
    }
}
