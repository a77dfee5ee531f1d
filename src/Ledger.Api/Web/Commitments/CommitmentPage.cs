using Ledger.Infrastructure.Http;
using Ledger.Commitments;
using Ledger.Commitments.History;
using Ledger.Commitments.Series;
using Ledger.Commitments.Status;
using Ledger.Infrastructure;
using Ledger.Infrastructure.Writing;
using Ledger.Observations;
using Ledger.Organizations.Keys;
using Ledger.Observations.AttachingEvidence;
using Ledger.Observations.Lists;
using Ledger.Observations.Submitting;
using Ledger.Observations.Corroborating;
using Ledger.Sourcing;
using Ledger.TimeTravel;
using Ledger.Web.Deals;
using Ledger.Web.Charts;
using Ledger.Web.Layout;
using Ledger.Web.Localisation;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine;
using Wolverine.Http;
using static Ledger.Web.Layout.Markup;

namespace Ledger.Web.Commitments;

/// <summary>
/// <c>/commitments/{id}</c>: the status, claims, observations and history, read through the REST routes' functions,
/// and the observation form.
/// </summary>
public static class CommitmentPage
{
    public static async Task<IResult> Show(
        string commitmentId, string? submitted,
        HttpContext http, IQuerySession session, TimeProvider clock, CancellationToken ct) =>
        await RenderAsync(
            await WebContext.WithUnitsAsync(http, session, ct), commitmentId, null, null, submitted, session, clock, ct);

    /// <summary>
    /// The form posts here, and goes to the REST route's handler (<see cref="SubmitObservationHandler"/>) with the
    /// command read as the route reads it. The id derives from the key and the form's idempotency key, so submitting the
    /// same form again (Back, then submit) records nothing new and shows the observation already recorded.
    /// </summary>
    public static async Task<IResult> Submit(
        string commitmentId,
        HttpContext http, IMessageBus bus, IQuerySession session, TimeProvider clock, CancellationToken ct)
    {
        var w = await WebContext.WithUnitsAsync(http, session, ct);
        if (w.Caller is not { } caller) return SignInFirst(commitmentId);
        if (!Guid.TryParse(commitmentId, out var id)) return Page.NotFound(w, "No commitment has this id.");
        var posted = await http.Request.ReadFormAsync(ct);
        var form = ObservationForm.From(posted);
        var attachment = await AttachAsync(posted.Files.GetFile(ObservationForm.EvidenceFileField), caller, http, bus, ct);
        if (attachment.Stored is { } stored) form = form with { EvidenceSha256 = stored.Sha256, EvidenceMediaType = stored.MediaType };
        var (request, unreadable) = form.ToRequest(w.T);
        if (attachment.Refusal is { } refused) unreadable.Add($"evidence[0].{ObservationForm.EvidenceFileField}", refused);
        if (unreadable.Any)
        {
            // Nothing is sent with a field that could not be read; the form shows every field that is wrong.
            var (_, fieldErrors) = request.Parse(clock.Today());
            return await RenderAsync(w, commitmentId, form, FormErrors.Of(fieldErrors.ToProblem(), unreadable), null,
                session, clock, ct, StatusCodes.Status400BadRequest);
        }

        var command = new SubmitObservationCommand(
            id, SubmitObservationEndpoint.ObservationIdFor(caller, form.IdempotencyKey), request, caller);
        Outcome<ObservationRecorded> outcome;
        try
        {
            outcome = await bus.WriteAsync<ObservationRecorded>(command, http);
        }
        catch (Exception e) when (ExceptionProblems.LostRace(e))
        {
            // The same form, submitted twice at once: the other submission recorded it.
            outcome = new ObservationRecorded(command.ObservationId, 1, AlreadyRecorded: true);
        }
        if (outcome.Refusal is { Status: StatusCodes.Status404NotFound })
            return Page.NotFound(w, "No commitment has this id.");
        if (outcome.Refusal is { } refusal)
            return await RenderAsync(w, commitmentId, form, FormErrors.Of(refusal), null, session, clock, ct,
                refusal.Status ?? StatusCodes.Status400BadRequest);
        var observationId = outcome.Appended!.StreamId;
        return Results.Redirect($"/commitments/{id}?submitted={observationId}#observation-{observationId}");
    }

    /// <summary>
    /// A photo attached to the form is stored as the upload route stores it, and the form then names it by its hash
    /// (kept if the form comes back with errors, so the photo is not sent twice on a poor connection).
    /// </summary>
    static async Task<(StoredEvidence? Stored, string? Refusal)> AttachAsync(
        IFormFile? file, Caller caller, HttpContext http, IMessageBus bus, CancellationToken ct)
    {
        if (file is not { Length: > 0 }) return (null, null);
        var max = StoreEvidenceEndpoint.MaxBytes(http.RequestServices.GetRequiredService<IConfiguration>());
        var (stored, refusal) = await StoreEvidenceEndpoint.StoreAsync(bus, file, max, caller, ct);
        return (stored, refusal?.Detail);
    }

    static IResult SignInFirst(string commitmentId) =>
        Results.Redirect($"/sign-in?returnUrl={Uri.EscapeDataString($"/commitments/{commitmentId}")}");

    static async Task<IResult> RenderAsync(
        WebContext w, string commitmentId,
        ObservationForm? form, IReadOnlyDictionary<string, string[]>? errors, string? submitted,
        IQuerySession session, TimeProvider clock, CancellationToken ct, int status = StatusCodes.Status200OK)
    {
        var t = w.T;
        if (!Guid.TryParse(commitmentId, out var id)) return Page.NotFound(w, "No commitment has this id.");
        var record = await GetCommitmentSeriesEndpoint.LoadAsync(id, session, ct);
        if (GetCommitmentSeriesEndpoint.Validate(record, id, null, null, clock) != WolverineContinue.NoProblems)
            return Page.NotFound(w, "No commitment has this id.");
        var s = GetCommitmentStatusEndpoint.Get(record!.Facts, null, null, clock);
        var series = GetCommitmentSeriesEndpoint.Get(record, null, null, clock);
        var commitment = (await session.FindCommitmentAsync(id, ct))!;
        var history = await GetCommitmentHistoryEndpoint.ForAsync(
            commitment, w.Caller, session, w.Http.RequestServices.GetRequiredService<ObserverPrivacy>(), ct);
        var observations = await ListCommitmentObservationsEndpoint.VisibleToAsync(
            commitment, w.Caller, session, w.Http.RequestServices.GetRequiredService<ObserverPrivacy>(), ct);
        var today = clock.Today();

        var beneficiary = s.Beneficiary is { } b ? " → " + b : "";
        var binding = s.Binding ? t["binding"] : t["not binding"];
        var targetNote = If(s.Target != s.OriginalTarget, H($"{t["originally"]} {t.Number(s.OriginalTarget)} {s.Unit}"));
        var targetMark = UnverifiedMark(t, series.Points.LastOrDefault(p => p.Kind is not (SeriesPointKind.Due or
            SeriesPointKind.Claim or SeriesPointKind.Verified) && p.Target == s.Target));
        var claimMark = UnverifiedMark(t, series.Points.LastOrDefault(p => p.Kind == SeriesPointKind.Claim));
        var accepted = H($"{s.Observations.Accepted} {t["accepted observations"]}");
        var claimGap = H($"{t["claimed but not verified"]}: {t.Number(s.ClaimGap)}");
        var dueNote = If(s.DueOn != s.OriginalDueOn, H($"{t["originally"]} {t.Date(s.OriginalDueOn)}"));
        var statusBadge = H($"""<span class="status status-{Names.Of(s.Status)}">{t.Of(s.Status)}</span>""");
        var ratingBadge = H($"""<span class="status rating-{Names.Of(s.Rating)}">{t.Of(s.Rating)}</span>""");
        var verificationNote = t[s.Verification switch
        {
            Verification.SingleSource => "One organization's observations only.",
            Verification.Corroborated => "Two or more organizations agree.",
            Verification.Contested => "Organizations disagree.",
            _ => "No accepted observation takes a position yet.",
        }];
        var claimRows = commitment.Claims.OrderBy(c => c.AsOf).Select(c => H(
            $"<tr><td>{t.Date(c.AsOf)}</td><td>{c.ClaimedBy}</td><td class=\"num\">{t.Number(c.Amount)} {s.Unit}</td></tr>"));
        var observationList = observations.Count == 0
            ? H($"<p class=\"muted\">{t["No observation published yet."]}</p>")
            : Html.Join(observations.Select(o => Observation(w, o, s.Unit)));
        var returnUrl = Uri.EscapeDataString($"/commitments/{id}");
        var historyHead = H(
            $"<thead><tr><th>{t["Recorded"]}</th><th>{t["Event"]}</th><th>{t["Happened"]}</th>" +
            $"<th>{t["Recorded by"]}</th><th>{t["Sources"]}</th></tr></thead>");
        var historyRows = history.Select(e => H(
            $"<tr data-type=\"{e.Type}\"><td>{t.Instant(e.RecordedAt)}</td><td>{t.EventKind(e.Type)}</td>" +
            $"<td>{t.Date(e.OccurredOn, e.DatePrecision)}</td><td>{e.RecordedBy.OrganizationName ?? "—"}</td>" +
            $"<td>{DealPages.SourceList(t, e.Sources)}</td></tr>"));
        var submittedObservation = Guid.TryParse(submitted, out var submittedId)
            ? observations.FirstOrDefault(o => o.Id == submittedId) : null;

        var main = H($"""
            <p><a href="/deals/{s.DealId}">← {t["The deal"]}</a></p>
            <h1>{s.Title}</h1>
            <p class="muted">{s.Promisor}{beneficiary} · {s.Category} · {binding}</p>
            {(submittedObservation is { } received ? Received(t, received, s.Unit) : Html.Empty)}
            <div class="table-wrap"><table class="figures">
            <tbody>
            <tr><th scope="row">{t["Target"]}</th><td class="num">{t.Number(s.Target)} {s.Unit}</td><td class="muted">{targetNote}{targetMark}</td></tr>
            <tr><th scope="row">{t["Claimed"]}</th><td class="num">{t.Number(s.Claimed)} {s.Unit}</td><td>{claimMark}</td></tr>
            <tr><th scope="row">{t["Verified"]}</th><td class="num" id="verified">{t.Number(s.Verified)} {s.Unit}</td><td class="muted">{accepted}</td></tr>
            <tr><th scope="row">{t["Gap"]}</th><td class="num">{t.Number(s.Gap)} {s.Unit}</td><td class="muted">{claimGap}</td></tr>
            <tr><th scope="row">{t["Due"]}</th><td>{t.Date(s.DueOn)}</td><td class="muted">{dueNote}</td></tr>
            <tr><th scope="row">{t["Status"]}</th><td>{statusBadge}</td><td>{ratingBadge}</td></tr>
            <tr><th scope="row">{t["Verification"]}</th><td id="verification">{DealPages.VerificationBadge(t, s.Verification)}</td>
            <td class="muted">{verificationNote}</td></tr>
            </tbody></table></div>

            <h2>{t["Promises over time"]}</h2>
            {SeriesChart.Render(t, "series", s.Unit, series.OriginalTarget, series.Points, today)}

            <h2>{t["Claims"]}</h2>
            {(commitment.Claims.Count == 0 ? H($"<p class=\"muted\">{t["No claim recorded."]}</p>") : H($"""
                <div class="table-wrap"><table><thead><tr><th>{t["As of"]}</th><th>{t["Claimed by"]}</th><th class="num">{t["Claimed"]}</th></tr></thead>
                <tbody>{claimRows}</tbody></table></div>
                """))}

            <h2>{t["Observations"]}</h2>
            {observationList}

            <h2>{t["Submit an observation"]}</h2>
            {(w.Caller is null
                ? H($"<p><a href=\"/sign-in?returnUrl={returnUrl}\">{t["Sign in with your organization's key to submit an observation."]}</a></p>")
                : (form ?? ObservationForm.New(t, today)).Render(w, id, s.Unit, errors ?? new Dictionary<string, string[]>()))}

            <h2>{t["History"]}</h2>
            <div class="table-wrap"><table class="history">{historyHead}
            <tbody>{historyRows}</tbody></table></div>
            """);
        return Page.Render(w, s.Title, main, status);
    }

    /// <summary>The confirmation echoes the amount as the ledger read it, in the commitment's unit, so a misread shows at once.</summary>
    static Html Received(Language t, Observation o, string unit) => H(
        $"<p class=\"notice\" role=\"status\">{t["Your observation was received. It is pending until a curator reviews it."]}" +
        $"{If(o.Finding.Amount is not null, H($" <span id=\"amount-recorded\">{t["Amount recorded"]}: " +
            $"{t.Number(o.Finding.Amount ?? 0)} {t.UnitName(unit)}</span>"))}</p>");

    /// <summary>A figure whose statement rests on unverified sources alone says so.</summary>
    static Html UnverifiedMark(Language t, SeriesPoint? point) =>
        If(point is { OnlyUnverified: true }, H($" <span class=\"unverified\">{t["unverified sources only"]}</span>"));

    static Html Observation(WebContext w, Observation o, string unit)
    {
        var t = w.T;
        var badge = H($"""<span class="status status-{Names.Of(o.Status)}">{t.Of(o.Status)}</span>""");
        var amount = o.Finding.Amount is { } a ? $": {t.Number(a)} {unit}" : "";
        var place = o.Location is { } l ? " · " + l.Place : "";
        var observedOn = t.Date(o.ObservedOn, Dating.PrecisionOf(o.Sources));
        var by = o.OrganizationName + (o.Observer is { } pseudonym ? $" ({pseudonym})" : "");
        var narrative = o.Narrative is { } text ? H($"<p lang=\"{o.Language}\">{text}</p>")
            : H($"<p class=\"muted\">{t["The observer's details were erased."]}</p>");
        var evidence = If(o.Evidence.Count > 0, H($"<ul class=\"evidence\">{o.Evidence.Select(e => H(
            $"<li>{(e.Url is null ? H($"{e.Title ?? e.MediaType}") : ExternalLink(e.Url, e.Title ?? e.Url))} " +
            $"({e.MediaType}) <code class=\"hash\">sha256:{e.Sha256}</code></li>"))}</ul>"));
        return H($"""
            <article class="card observation" id="observation-{o.Id}" data-status="{Names.Of(o.Status)}">
            <p>{badge} <strong>{t.Of(o.Finding.Assessment)}</strong>{amount} · {t["observed"]} {observedOn} · {by}{place}</p>
            {narrative}
            {evidence}
            {If(o.Sources.Count > 0, H($"<p class=\"muted\">{DealPages.Sources(t, o.Sources)}</p>"))}
            {If(o.ModerationReason is not null, H($"<p class=\"muted\">{t["Curator's note"]}: {o.ModerationReason}</p>"))}
            </article>
            """);
    }
}
