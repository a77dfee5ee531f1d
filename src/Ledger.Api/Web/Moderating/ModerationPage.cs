using Ledger.Commitments;
using Ledger.Deals;
using Ledger.Infrastructure;
using Ledger.Infrastructure.Http;
using Ledger.Infrastructure.Writing;
using Ledger.Measuring;
using Ledger.Observations;
using Ledger.Observations.Lists;
using Ledger.Observations.Moderating;
using Ledger.Web.Layout;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine;
using static Ledger.Web.Layout.Markup;

namespace Ledger.Web.Moderating;

/// <summary>
/// <c>/moderation</c>: the curators' queue, read as <c>GET /api/observations</c> reads it (only the deals the curator
/// moderates, filtered by deal and submitting organization), decided by the moderation route's rules. Accepting is one
/// click; rejecting, which is final and keeps the observation from the public, is its own form with a reason and a
/// required confirmation box, so that neither is done by a slip.
/// </summary>
public static class ModerationPage
{
    const int Shown = 100;
    const int ForFilters = 500;

    public sealed record Filters(Guid? Deal, Guid? Organization);

    public static async Task<IResult> Show(
        string? done, string? deal, string? organization, HttpContext http, IQuerySession session, CancellationToken ct)
    {
        var w = await WebContext.WithUnitsAsync(http, session, ct);
        if (Refused(w) is { } refused) return refused;
        var filters = new Filters(Guid.TryParse(deal, out var d) ? d : null, Guid.TryParse(organization, out var o) ? o : null);
        return await RenderAsync(w, done, filters, null, session, ct, StatusCodes.Status200OK);
    }

    /// <summary>The forms post here, and go to the REST route's handler (<see cref="ModerateObservationHandler"/>).</summary>
    public static async Task<IResult> Decide(
        string observationId, HttpContext http, IMessageBus bus, IQuerySession session, CancellationToken ct)
    {
        var w = await WebContext.WithUnitsAsync(http, session, ct);
        if (Refused(w) is { } refused) return refused;
        if (!Guid.TryParse(observationId, out var id)) return Page.NotFound(w, "No observation has this id.");
        var form = await http.Request.ReadFormAsync(ct);
        var publicNarrative = form["publicNarrative"].ToString();
        var request = new ModerateObservation(
            Names.TryParse<ModerationDecision>(form["decision"], out var decision) ? decision : null, form["reason"].ToString(),
            string.IsNullOrWhiteSpace(publicNarrative) || decision == ModerationDecision.Rejected ? null : publicNarrative);
        var none = new Filters(null, null);
        // A rejection is final: the page asks for the box to be ticked before it sends anything.
        if (request.Decision == ModerationDecision.Rejected && form["confirm"] != "yes")
            return await RenderAsync(w, null, none, (id, w.T["Tick the box to confirm the rejection."]), session, ct,
                StatusCodes.Status400BadRequest);

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
        if (refusal is { Status: StatusCodes.Status403Forbidden })
            return Page.Error(w, StatusCodes.Status403Forbidden, w.T["Not a curator of this deal"],
                w.T["Only the curators of the deal's organizations, and admins, moderate its observations."]);
        if (refusal is not null)
        {
            var message = string.Join("; ", FormErrors.Of(refusal).Select(e => $"{w.T[e.Key]}: {string.Join(", ", e.Value)}"));
            return await RenderAsync(w, null, none, (id, message), session, ct, refusal.Status ?? StatusCodes.Status400BadRequest);
        }
        return Results.Redirect($"/moderation?done={Names.Of(request.Decision!.Value)}");
    }

    /// <summary>Anonymous: to the sign-in page. Signed in without a curator's role: 403.</summary>
    static IResult? Refused(WebContext w) =>
        w.Caller is null ? Results.Redirect("/sign-in?returnUrl=%2Fmoderation")
        : !w.IsCurator ? Page.Error(w, StatusCodes.Status403Forbidden,
            w.T["Curators only"], w.T["Only a curator's key may moderate observations."])
        : null;

    static async Task<IResult> RenderAsync(WebContext w, string? done, Filters filters, (Guid Id, string Message)? error,
        IQuerySession session, CancellationToken ct, int status)
    {
        var t = w.T;
        var privacy = w.Http.RequestServices.GetRequiredService<ObserverPrivacy>();
        var clock = w.Http.RequestServices.GetRequiredService<TimeProvider>();
        var all = await ListObservationsEndpoint.Get(
            ModerationStatus.Pending, null, null, 1, ForFilters, w.Http.User, session, privacy, clock, ct);
        var queue = filters is { Deal: null, Organization: null } ? all : await ListObservationsEndpoint.Get(
            ModerationStatus.Pending, filters.Deal, filters.Organization, 1, Shown, w.Http.User, session, privacy, clock, ct);
        var today = clock.Today();
        var commitments = await session.CommitmentsAsync([.. queue.Items.Select(o => o.CommitmentId).Distinct()], ct);
        var deals = await session.DealTitlesAsync([.. all.Items.Select(o => o.DealId).Append(filters.Deal ?? Guid.Empty)
            .Where(id => id != Guid.Empty).Distinct()], ct);
        // A decision that lost to another curator's: its observation has left the queue, so the reason goes on top.
        var leftQueue = error is { } e && queue.Items.All(o => o.Id != e.Id);
        var pending = queue.Items.Count == 0
            ? H($"<p class=\"muted\">{t["Nothing to moderate."]}</p>")
            : Html.Join(queue.Items.Take(Shown).Select(o =>
                PendingObservation(w, o, commitments.GetValueOrDefault(o.CommitmentId), deals, error, today)));

        var main = H($"""
            <h1>{t["Moderation"]}</h1>
            {If(leftQueue, H($"<p class=\"error\" role=\"alert\" id=\"error-{error?.Id}\">{error?.Message}</p>"))}
            {If(done is "accepted" or "rejected", H($"<p class=\"notice\" role=\"status\">{t["The observation was " + done + "."]}</p>"))}
            {FilterForm(w, all, deals, filters)}
            <p>{queue.Total} {t["observations pending, oldest first."]}</p>
            {pending}
            """);
        return Page.Render(w, t["Moderation"], main, status);
    }

    /// <summary>A plain GET form: the deals and organizations that have observations waiting.</summary>
    static Html FilterForm(WebContext w, ObservationPage all, IReadOnlyDictionary<Guid, string> deals, Filters filters)
    {
        var t = w.T;
        var dealOptions = Html.Join(deals.OrderBy(d => d.Value).Select(d => Option(d.Key, d.Value, filters.Deal)));
        var organizations = all.Items.DistinctBy(o => o.OrganizationId).OrderBy(o => o.OrganizationName)
            .Select(o => Option(o.OrganizationId, o.OrganizationName, filters.Organization));
        return H($"""
            <form method="get" action="/moderation" class="filters" id="moderation-filters">
            <label for="deal">{t["Deal"]}</label>
            <select id="deal" name="deal"><option value="">{t["All"]}</option>{dealOptions}</select>
            <label for="organization">{t["Organization"]}</label>
            <select id="organization" name="organization"><option value="">{t["All"]}</option>{Html.Join(organizations)}</select>
            <button type="submit">{t["Filter"]}</button>
            </form>
            """);
    }

    static Html Option(Guid value, string text, Guid? selected) =>
        selected == value
            ? H($"<option value=\"{value}\" selected>{text}</option>")
            : H($"<option value=\"{value}\">{text}</option>");

    static Html PendingObservation(WebContext w, Observation o, Commitment? commitment, IReadOnlyDictionary<Guid, string> deals,
        (Guid Id, string Message)? error, DateOnly today)
    {
        var t = w.T;
        var amount = o.Finding.Amount is { } a ? $": {t.Number(a)} {(commitment is null ? "" : t.UnitName(commitment.Unit))}" : "";
        var place = o.Location is { } l ? " · " + l.Place : "";
        var observed = H($"{t["observed"]} {t.Date(o.ObservedOn)} · {o.OrganizationName}{place}");
        var submitted = H($"{t["submitted"]} {t.Instant(o.SubmittedAt)}");
        var target = commitment is null ? Html.Empty
            : H($"<p class=\"target\">{t["Target"]}: {t.Number(commitment.TargetOn(today).Amount)} {t.UnitName(commitment.Unit)}</p>");
        var aboveTarget = If(o.AboveTarget == true, H(
            $"""<p class="warning above-target" role="note">{t["The amount observed is above the commitment's target."]} """ +
            $"""{t["Check the figure and its unit before accepting."]}</p>"""));
        var deal = H($"<a href=\"/deals/{o.DealId}\">{deals.GetValueOrDefault(o.DealId, o.DealId.ToString())}</a>");
        var evidence = If(o.Evidence.Count > 0, H($"<ul>{o.Evidence.Select(e => H(
            $"<li>{(e.Url is null ? H($"{e.MediaType}") : ExternalLink(e.Url, e.Title ?? e.Url))} " +
            $"<code class=\"hash\">sha256:{e.Sha256}</code></li>"))}</ul>"));
        // A narrative that seems to hold a way to reach someone: the curator may publish it redacted.
        var withheld = t["Unless you give a redacted narrative, the public reads it with those parts withheld."];
        var flagged = If(o.NarrativeFlags.Count > 0, H(
            $"""<p class="warning" role="note">{t["The narrative seems to contain"]}: """ +
            $"""{string.Join(", ", o.NarrativeFlags.Select(f => t[f]))}. {withheld}</p>"""));
        return H($"""
            <article class="card pending" id="pending-{o.Id}">
            <p><a href="/commitments/{o.CommitmentId}">{commitment?.Title ?? o.CommitmentId.ToString()}</a> · {t["Deal"]}: {deal}</p>
            {target}
            {aboveTarget}
            <p><strong>{t.Of(o.Finding.Assessment)}</strong>{amount} · {observed} · {submitted}</p>
            <p lang="{o.Language}">{o.Narrative ?? t["The observer's details were erased."]}</p>
            {evidence}
            {flagged}
            {If(error?.Id == o.Id, H($"<p class=\"error\" role=\"alert\">{error?.Message}</p>"))}
            {AcceptForm(w, o.Id)}
            {RejectForm(w, o.Id)}
            </article>
            """);
    }

    static Html AcceptForm(WebContext w, Guid id) => H($"""
        <form method="post" action="/moderation/{id}" class="stack accept">
        {w.AntiforgeryField()}
        <label for="note-{id}">{w.T["Note (optional)"]}</label>
        <input type="text" id="note-{id}" name="reason" maxlength="2000">
        <label for="public-{id}">{w.T["Narrative for the public (optional, on acceptance)"]}</label>
        <textarea id="public-{id}" name="publicNarrative" maxlength="10000"></textarea>
        <p><button type="submit" name="decision" value="accepted">{w.T["Accept"]}</button></p>
        </form>
        """);

    static Html RejectForm(WebContext w, Guid id) => H($"""
        <details class="reject"><summary>{w.T["Reject…"]}</summary>
        <form method="post" action="/moderation/{id}" class="stack reject">
        {w.AntiforgeryField()}
        <input type="hidden" name="decision" value="rejected">
        <label for="reason-{id}">{w.T["Reason for rejecting (required)"]}</label>
        <input type="text" id="reason-{id}" name="reason" maxlength="2000" required>
        <label><input type="checkbox" name="confirm" value="yes" required> {w.T[ConfirmRejection]}</label>
        <p><button type="submit" class="danger">{w.T["Reject"]}</button></p>
        </form>
        </details>
        """);

    const string ConfirmRejection = "I confirm: the rejection is final and the observation will never be published.";
}
