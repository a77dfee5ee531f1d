using Ledger.Commitments.Status;
using Ledger.Commitments.Facts;
using Ledger.Deals.Details;
using Ledger.Deals.Series;
using Ledger.Deals.Scorecard;
using Ledger.Deals.Timeline;
using Ledger.Infrastructure;
using Ledger.Sourcing;
using Ledger.Observations.Corroborating;
using Ledger.TimeTravel;
using Ledger.Observations;
using Ledger.Web.Charts;
using Ledger.Web.Layout;
using Ledger.Web.Localisation;
using Marten;
using Wolverine.Http;
using static Ledger.Web.Layout.Markup;

namespace Ledger.Web.Deals;

/// <summary>
/// <c>/</c> and <c>/deals/{dealId}</c>: read through the same functions as the deal, scorecard and timeline routes.
/// </summary>
public static class DealPages
{
    public static async Task<IResult> List(
        HttpContext http, IQuerySession session, TimeProvider clock, CancellationToken ct)
    {
        var w = await WebContext.WithUnitsAsync(http, session, ct);
        var t = w.T;
        var cards = new List<Html>();
        foreach (var deal in await GetDealsEndpoint.Get(session, ct))
        {
            var score = await GetDealScorecardEndpoint.Get(deal.Id, null, null, session, clock, ct);
            var overdue = score.Counts.GetValueOrDefault(Names.Of(DeliveryStatus.Overdue));
            var parties = string.Join(" · ", deal.Parties.Select(p => p.Name));
            var signedOn = deal.SignedOn is { } signed
                ? " · " + t["signed"] + " " + t.Date(signed, deal.DatePrecision) : "";
            var overdueCss = overdue > 0 ? "status status-overdue" : "status";
            cards.Add(H($"""
                <article class="card">
                <h2><a href="/deals/{deal.Id}">{deal.Title}</a></h2>
                <p class="muted">{parties}{signedOn}</p>
                <p>{t.Count(score.Commitments.Count, "commitment", "commitments")} · <span class="{overdueCss}">{overdue} {t["overdue"]}</span></p>
                {UnitTable(t, score.ByUnit)}
                </article>
                """));
        }
        var main = H($"""
            <h1>{t["Deals"]}</h1>
            <p>{t["What was promised, what the promisor claims, and what independent observers verified, per unit."]}</p>
            {(cards.Count == 0 ? H($"<p>{t["No deal is recorded yet."]}</p>") : Html.Join(cards))}
            """);
        return Page.Render(w, t["Deals"], main);
    }

    public static async Task<IResult> Show(
        string dealId, string? asOf, string? knownAt,
        HttpContext http, IQuerySession session, TimeProvider clock, CancellationToken ct)
    {
        var w = await WebContext.WithUnitsAsync(http, session, ct);
        var t = w.T;
        if (!Guid.TryParse(dealId, out var id)) return Page.NotFound(w, "No deal has this id.");
        var details = await GetDealEndpoint.FindAsync(id, session, ct);
        if (details is null) return Page.NotFound(w, "No deal has this id.");
        var problem = await GetDealScorecardEndpoint.ValidateAsync(id, asOf, knownAt, session, clock, ct);
        if (problem != WolverineContinue.NoProblems)
            return Page.Error(w, problem.Status ?? 400, t["This page cannot be shown"], problem.Detail ?? "");

        var score = await GetDealScorecardEndpoint.Get(id, asOf, knownAt, session, clock, ct);
        var records = await GetDealSeriesEndpoint.LoadAsync(id, session, ct);
        var when = PointInTime.From(asOf, knownAt, clock);
        var timeline = await GetDealTimelineEndpoint.Get(id, asOf, knownAt, null, null, http.User, session,
            http.RequestServices.GetRequiredService<ObserverPrivacy>(), clock, ct);
        var revised = score.Commitments.Where(c => c.Target != c.OriginalTarget || c.DueOn != c.OriginalDueOn).ToList();
        var parties = string.Join(" · ", details.Parties.Select(p => p.Name));
        var signedOn = details.SignedOn is { } signed ? " · " + t["signed"] + " " + t.Date(signed, details.DatePrecision) : "";
        var knownAtText = score.KnownAt is { } k ? " · " + t["as known at"] + " " + t.Instant(k) : "";
        var revisedHead = H(
            $"""<thead><tr><th>{t["Commitment"]}</th><th class="num">{t["Original target"]}</th>""" +
            $"""<th class="num">{t["Current target"]}</th><th>{t["Original due date"]}</th>""" +
            $"""<th>{t["Current due date"]}</th><th class="num">{t["Revisions"]}</th></tr></thead>""");
        var revisedRows = revised.Select(c => H(
            $"<tr><td><a href=\"/commitments/{c.Id}\">{c.Title}</a></td>" +
            $"<td class=\"num\">{t.Number(c.OriginalTarget)} {c.Unit}</td><td class=\"num\">{t.Number(c.Target)} {c.Unit}</td>" +
            $"<td>{t.Date(c.OriginalDueOn)}</td><td>{t.Date(c.DueOn)}</td><td class=\"num\">{c.Revisions}</td></tr>"));

        var main = H($"""
            <h1>{details.Title}</h1>
            <p class="muted">{parties}{signedOn}</p>
            <p>{details.Summary}</p>
            <p class="muted">{t["As of"]} {t.Date(score.AsOf)}{knownAtText} · {Sources(t, details.Sources)}</p>
            <h2>{t["Promised, claimed and verified"]}</h2>
            {score.ByUnit.Select(u => H($"{Chart(t, u)}{OverTime(t, id, u, records, when)}"))}
            <h2>{t["Commitments"]}</h2>
            {CommitmentTable(t, score.Commitments)}
            {Alternatives(t, score.Commitments)}
            {If(revised.Count > 0, H($"""
                <h2>{t["Original and current baselines"]}</h2>
                <div class="table-wrap"><table>
                {revisedHead}
                <tbody>{revisedRows}</tbody>
                </table></div>
                """))}
            <h2>{t["Timeline"]}</h2>
            <ol class="timeline">{timeline.Entries.Select(e => TimelineItem(t, e))}</ol>
            {If(timeline.Next is not null, H($"""
                <p class="muted">{t["Earlier entries shown:"]} {timeline.Entries.Count} / {timeline.Total} ·
                <a href="{timeline.Next}">{t["the rest, page by page, in the API"]}</a></p>
                """))}
            """);
        return Page.Render(w, details.Title, main);
    }

    /// <summary>
    /// The unit's promises over time, summed over the deal's commitments in it: only where the unit is summed (not a share,
    /// nor versions of one list, whose sum would be a false figure); each commitment's page draws its own.
    /// </summary>
    static Html OverTime(Language t, Guid dealId, UnitScore unit, IReadOnlyList<CommitmentRecord> records, PointInTime when) =>
        unit.Counted == UnitCounting.Sum && DealSeries.Of(dealId, unit.Unit, records, when) is { } series
            ? SeriesChart.Render(t, $"series-{unit.Unit}", unit.Unit, series.OriginalTarget, series.Points, when.AsOf)
            : Html.Empty;

    static Html TimelineItem(Language t, TimelineEntry e)
    {
        var summary = e.CommitmentId is { } cid ? H($"<a href=\"/commitments/{cid}\">{e.Summary}</a>") : H($"{e.Summary}");
        var sources = If(e.Sources.Count > 0, H($"<br><span class=\"muted\">{Sources(t, e.Sources)}</span>"));
        return H($"""
            <li data-type="{e.Type}"><time datetime="{e.OccurredOn:yyyy-MM-dd}">{t.Date(e.OccurredOn, e.DatePrecision)}</time> —
            <span class="kind">{t.EventKind(e.Type)}</span>: {summary}{sources}</li>
            """);
    }

    public static Html Sources(Language t, IReadOnlyList<Source> sources) => H($"{t["Sources"]}: {SourceList(t, sources)}");

    /// <summary>
    /// Each source with its publisher and date and, where it was marked so, "unverified" and the note that says why; a
    /// statement resting on unverified sources alone is marked as such first.
    /// </summary>
    public static Html SourceList(Language t, IReadOnlyList<Source> sources) => H(
        $"{If(sources.Count > 0 && sources.All(s => s.Unverified),
            H($"<strong class=\"unverified\">{t["Unverified sources only"]}</strong>: "))}" +
        $"{Html.Join(sources.Select((s, i) => H($"{(i > 0 ? new Html("; ") : Html.Empty)}{Source(t, s)}")))}");

    static Html Source(Language t, Source s) => H(
        $"{ExternalLink(s.Url, s.Title ?? s.Publisher)} ({s.Publisher}, {t.Date(s.PublishedOn)})" +
        $"{If(s.Unverified, H($" <span class=\"unverified\">{t["unverified"]}</span>"))}" +
        $"{If(s.Note is not null, H($" <span class=\"source-note\">— {s.Note}</span>"))}");

    public static Html UnitTable(Language t, IReadOnlyList<UnitScore> units) => H($"""
        <div class="table-wrap"><table>
        {UnitHead(t)}
        <tbody>{units.Select(u => UnitRow(t, u))}</tbody>
        </table></div>
        """);

    static Html UnitHead(Language t) => H(
        $"""<thead><tr><th>{t["Unit"]}</th><th class="num">{t["Promised"]}</th><th class="num">{t["Claimed"]}</th>""" +
        $"""<th class="num">{t["Verified"]}</th><th class="num">{t["Fulfilment"]}</th></tr></thead>""");

    /// <summary>A unit's totals: a range where alternatives are in it, none where it does not add up.</summary>
    static Html UnitRow(Language t, UnitScore u) => u.Counted == UnitCounting.PerCommitment
        ? H($"<tr><td>{t.UnitName(u.Unit)}</td><td colspan=\"4\" class=\"muted\">" +
            $"{t["no total: each commitment on its own"]} ({u.Commitments})</td></tr>")
        : H($"<tr><td>{t.UnitName(u.Unit)}</td><td class=\"num\">{Figure(t, u, f => f.Promised)}</td>" +
            $"<td class=\"num\">{Figure(t, u, f => f.Claimed)}</td><td class=\"num\">{Figure(t, u, f => f.Verified)}</td>" +
            $"<td class=\"num\">{Share(t, u)}</td></tr>");

    /// <summary>The figure, or "low – high" when alternatives make it a range.</summary>
    static string Figure(Language t, UnitScore u, Func<UnitFigures, decimal> figure)
    {
        var low = figure(LowOf(u));
        return u.UpTo is { } high && figure(high) != low ? $"{t.Number(low)} – {t.Number(figure(high))}" : t.Number(low);
    }

    static string Share(Language t, UnitScore u) =>
        u.UpTo is { } high && high.Fulfilment != u.Fulfilment
            ? $"{t.Percent(u.Fulfilment!.Value)} – {t.Percent(high.Fulfilment)}" : t.Percent(u.Fulfilment!.Value);

    static UnitFigures LowOf(UnitScore u) =>
        new(u.Promised!.Value, u.OriginalPromised!.Value, u.Claimed!.Value, u.Verified!.Value, u.Gap!.Value, u.Fulfilment!.Value, u.Commitments);

    /// <summary>A unit's card: bars and figures for a total, each commitment for a unit that does not add up.</summary>
    public static Html Chart(Language t, UnitScore u) => u.Counted == UnitCounting.PerCommitment ? Listed(t, u) : Summed(t, u);

    static Html Listed(Language t, UnitScore u) => H($"""
        <section class="card" aria-label="{t.UnitName(u.Unit)}">
        <h3>{t.UnitName(u.Unit)} <span class="muted">({u.Unit}, {u.Commitments} {t["commitments"]})</span></h3>
        <p class="muted">{t["These figures do not add up: each commitment is shown on its own, never as a total."]}</p>
        <div class="table-wrap"><table class="unit-figures" data-unit="{u.Unit}">
        <thead><tr><th>{t["Commitment"]}</th><th class="num">{t["Target"]}</th><th class="num">{t["Verified"]}</th>
        <th class="num">{t["Gap"]}</th></tr></thead>
        <tbody>{u.PerCommitment.Select(c => H(
            $"<tr><td><a href=\"/commitments/{c.Id}\">{c.Title}</a>{VersionNote(c.Alternative)}</td>" +
            $"<td class=\"num\">{t.Number(c.Target)}</td><td class=\"num\">{t.Number(c.Verified)}</td>" +
            $"<td class=\"num\">{t.Number(c.Gap)}</td></tr>"))}</tbody>
        </table></div>
        </section>
        """);

    static Html VersionNote(Ledger.Commitments.Alternative? alternative) =>
        If(alternative is not null, H($" <span class=\"muted\">({alternative!.Group}: {alternative.Version})</span>"));

    /// <summary>Bars drawn on the server, each with its figure as text, beside the same figures as a table.</summary>
    static Html Summed(Language t, UnitScore u)
    {
        var low = LowOf(u);
        var ranged = u.UpTo is not null;
        var bars = new List<(string Label, string Css, decimal Value)>
        {
            (ranged ? t["Promised, smallest version"] : t["Promised"], "bar-promised", low.Promised),
        };
        if (u.UpTo is { } upTo) bars.Add((t["Promised, largest version"], "bar-promised", upTo.Promised));
        if (low.OriginalPromised != low.Promised) bars.Add((t["Originally promised"], "bar-promised", low.OriginalPromised));
        bars.Add((t["Claimed"], "bar-claimed", low.Claimed));
        bars.Add((t["Verified"], "bar-verified", low.Verified));
        var max = Math.Max(bars.Max(b => b.Value), 1m);
        const int barHeight = 22, gap = 30, left = 170, width = 200;
        var height = bars.Count * gap + 6;
        var titleId = $"chart-{u.Unit}";
        var viewWidth = left + width + 150;
        var marks = bars.Select((b, i) => H(
            $"""<text x="0" y="{i * gap + 17}">{b.Label}</text>""" +
            $"""<rect class="{b.Css}" x="{left}" y="{i * gap + 3}" width="{Math.Round(b.Value / max * width, 1)}" """ +
            $"""height="{barHeight}"></rect>""" +
            $"""<text class="value" x="{left + Math.Round(b.Value / max * width, 1) + 6}" y="{i * gap + 17}">""" +
            $"""{t.Number(b.Value)}</text>"""));
        var svgTag = H(
            $"""<svg class="unit-chart" role="img" aria-labelledby="{titleId}" viewBox="0 0 {viewWidth} {height}" """ +
            $"""width="100%" preserveAspectRatio="xMinYMin meet" data-unit="{u.Unit}">""");
        var svg = H($"""
            {svgTag}
            <title id="{titleId}">{t["Promised, claimed and verified"]}: {t.UnitName(u.Unit)}</title>
            {marks}
            </svg>
            """);
        var originally = If(low.OriginalPromised != low.Promised || u.UpTo?.OriginalPromised != u.UpTo?.Promised, H(
            $"<tr><th scope=\"row\">{t["Originally promised"]}</th><td class=\"num\">{Figure(t, u, f => f.OriginalPromised)}</td></tr>"));
        return H($"""
            <section class="card" aria-label="{t.UnitName(u.Unit)}">
            <h3>{t.UnitName(u.Unit)} <span class="muted">({u.Unit}, {t.Count(u.Commitments, "commitment", "commitments")})</span></h3>
            <div class="chart">
            <div>{svg}</div>
            <table class="unit-figures" data-unit="{u.Unit}">
            <caption class="muted">{t.UnitName(u.Unit)}</caption>
            <tbody>
            <tr><th scope="row">{t["Promised"]}</th><td class="num">{Figure(t, u, f => f.Promised)}</td></tr>
            {originally}
            <tr><th scope="row">{t["Claimed"]}</th><td class="num">{Figure(t, u, f => f.Claimed)}</td></tr>
            <tr><th scope="row">{t["Verified"]}</th><td class="num verified">{Figure(t, u, f => f.Verified)}</td></tr>
            <tr><th scope="row">{t["Gap"]}</th><td class="num">{Figure(t, u, f => f.Gap)}</td></tr>
            <tr><th scope="row">{t["Fulfilment"]}</th><td class="num">{Share(t, u)}</td></tr>
            </tbody>
            </table>
            </div>
            {u.Alternatives.Select(a => VersionTotalsTable(t, a))}
            </section>
            """);
    }

    /// <summary>The versions of one group side by side, within a unit: the range above runs from one to the other.</summary>
    static Html VersionTotalsTable(Language t, AlternativeTotals a) => H($"""
        <p class="muted">{t["Alternative versions of one list, counted once: the range runs from the smallest to the largest."]}</p>
        <div class="table-wrap"><table class="alternatives" data-group="{a.Group}">
        <thead><tr><th>{a.Group}</th>{a.Versions.Select(v => H($"<th class=\"num\">{v.Version}</th>"))}</tr></thead>
        <tbody>
        <tr><th scope="row">{t["Promised"]}</th>{a.Versions.Select(v => H($"<td class=\"num\">{t.Number(v.Figures.Promised)}</td>"))}</tr>
        <tr><th scope="row">{t["Verified"]}</th>{a.Versions.Select(v => H($"<td class=\"num\">{t.Number(v.Figures.Verified)}</td>"))}</tr>
        <tr><th scope="row">{t["Commitments"]}</th>{a.Versions.Select(v => H($"<td class=\"num\">{v.Figures.Commitments}</td>"))}</tr>
        </tbody>
        </table></div>
        """);

    /// <summary>Every group of alternatives of the deal, its versions side by side, each with its commitments.</summary>
    public static Html Alternatives(Language t, IReadOnlyList<CommitmentStatus> commitments)
    {
        var groups = commitments.Where(c => c.Alternative is not null).GroupBy(c => c.Alternative!.Group)
            .OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        return If(groups.Count > 0, H($"""
            <h2>{t["Alternative versions"]}</h2>
            <p>{t["Versions of one list: alternatives, never added up. Totals count each group once, as a range."]}</p>
            {groups.Select(g => AlternativesSideBySide(t, g.Key, [.. g]))}
            """));
    }

    static Html AlternativesSideBySide(Language t, string group, IReadOnlyList<CommitmentStatus> commitments)
    {
        var versions = commitments.GroupBy(c => c.Alternative!.Version).OrderBy(v => v.Key, StringComparer.Ordinal).ToList();
        return H($"""
            <div class="table-wrap"><table class="alternatives side-by-side" data-group="{group}">
            <thead><tr>{versions.Select(v => H($"<th>{group}: {v.Key}</th>"))}</tr></thead>
            <tbody><tr>{versions.Select(v => H($"<td><ul>{v.OrderBy(c => c.Title, StringComparer.Ordinal).Select(c => H(
                $"<li><a href=\"/commitments/{c.Id}\">{c.Title}</a>: {t.Number(c.Target)} {c.Unit}</li>"))}</ul></td>"))}</tr></tbody>
            </table></div>
            """);
    }

    public static Html CommitmentTable(Language t, IEnumerable<CommitmentStatus> commitments) => H($"""
        <div class="table-wrap"><table class="commitments">
        {CommitmentHead(t)}
        <tbody>{commitments.Select(c => CommitmentRow(t, c))}</tbody>
        </table></div>
        """);

    static Html CommitmentHead(Language t) => H(
        $"""<thead><tr><th>{t["Commitment"]}</th><th>{t["Promisor"]}</th><th class="num">{t["Target"]}</th>""" +
        $"""<th class="num">{t["Claimed"]}</th><th class="num">{t["Verified"]}</th><th class="num">{t["Gap"]}</th>""" +
        $"""<th>{t["Due"]}</th><th>{t["Status"]}</th><th>{t["Rating"]}</th><th>{t["Verification"]}</th></tr></thead>""");

    static Html CommitmentRow(Language t, CommitmentStatus c)
    {
        var originally = If(c.Target != c.OriginalTarget,
            H($"<br><span class=\"muted\">{t["originally"]} {t.Number(c.OriginalTarget)}</span>"));
        return H(
            $"""<tr data-id="{c.Id}"><td><a href="/commitments/{c.Id}">{c.Title}</a></td><td>{c.Promisor}</td>""" +
            $"""<td class="num">{t.Number(c.Target)} {c.Unit}{originally}</td>""" +
            $"""<td class="num">{t.Number(c.Claimed)}</td><td class="num">{t.Number(c.Verified)}</td>""" +
            $"""<td class="num">{t.Number(c.Gap)}</td><td>{t.Date(c.DueOn)}</td>""" +
            $"""<td><span class="status status-{Names.Of(c.Status)}">{t.Of(c.Status)}</span></td>""" +
            $"""<td><span class="status rating-{Names.Of(c.Rating)}">{t.Of(c.Rating)}</span></td>""" +
            $"<td>{VerificationBadge(t, c.Verification)}</td></tr>");
    }

    public static Html VerificationBadge(Language t, Verification verification) =>
        H($"""<span class="status verification-{Names.Of(verification)}">{t.Of(verification)}</span>""");
}
