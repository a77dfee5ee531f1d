using Ledger.Commitments.Gaps;
using Ledger.Commitments.Status;
using Ledger.Infrastructure;
using Ledger.Measuring;
using Ledger.Observations.Corroborating;
using Ledger.TimeTravel;
using Ledger.Web.Deals;
using Ledger.Web.Layout;
using Marten;
using Microsoft.AspNetCore.Mvc;
using static Ledger.Web.Layout.Markup;

namespace Ledger.Web.Gaps;

/// <summary>
/// <c>/gaps</c>: the watchdog table, with the filters, sorting, paging and time axes of <c>/api/gaps</c>, checked and
/// read by the same code.
/// </summary>
public static class GapsTablePage
{
    public static async Task<IResult> Show(
        HttpContext http, IQuerySession session, TimeProvider clock, CancellationToken ct)
    {
        var units = await session.UnitCatalogueAsync(ct);
        var w = new WebContext(http, units);
        var t = w.T;
        var form = GapsParameters.FromForm(http.Request.Query);
        // A date input gives a day: read knownAt as the end of that day, UTC. The page itself is always HTML.
        var endOfDay = form.KnownAt is { Length: 10 } day ? day + "T23:59:59Z" : form.KnownAt;
        var asked = form with { KnownAt = endOfDay, Format = null };

        var (query, problem) = asked.Parse(clock, units);
        Html results;
        var status = StatusCodes.Status200OK;
        if (query is null)
        {
            status = StatusCodes.Status400BadRequest;
            var errors = (problem as ValidationProblemDetails)?.Errors ?? new Dictionary<string, string[]>();
            results = H(
                $"<div class=\"errors\" role=\"alert\"><p>{t["Some filters are not valid:"]}</p>" +
                $"<ul>{errors.Select(e => H($"<li>{e.Key}: {string.Join(", ", e.Value)}</li>"))}</ul></div>");
        }
        else
        {
            var when = query.When;
            var (items, total) = await GetGapsEndpoint.ReadAsync(
                query, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), session, ct);
            var csv = "/api/gaps" + QueryString.Create(asked.Given().Append(new("format", "csv")));
            var pages = (int)Math.Max(1, (total + query.PageSize - 1) / query.PageSize);
            var knownAtText = when.KnownAt is { } k ? " · " + t["as known at"] + " " + t.Instant(k) : "";
            var previous = If(query.Page > 1,
                H($"<a href=\"{PageUrl(http, query.Page - 1)}\" rel=\"prev\">← {t["Previous"]}</a> "));
            var next = If(query.Page < pages,
                H($" <a href=\"{PageUrl(http, query.Page + 1)}\" rel=\"next\">{t["Next"]} →</a>"));
            results = H($"""
                <p>{t.Count((int)total, "commitment", "commitments")} · {t["As of"]} {t.Date(when.AsOf)}{knownAtText} ·
                <a href="{csv}" download>{t["Download as CSV"]}</a></p>
                {DealPages.CommitmentTable(t, items)}
                <p>{previous}{t["Page"]} {query.Page} / {pages}{next}</p>
                """);
        }

        Html Select(string name, string label, IEnumerable<(string Value, string Label)> options) => H($"""
            <label>{label}<select name="{name}"><option value="">{t["any"]}</option>{options.Select(o => Option(name, o))}</select></label>
            """);
        Html Option(string name, (string Value, string Label) o) =>
            H($"<option value=\"{o.Value}\"{(form[name] == o.Value ? new Html(" selected") : Html.Empty)}>{o.Label}</option>");
        Html Input(string name, string label, string type = "text") =>
            H($"<label>{label}<input type=\"{type}\" name=\"{name}\" value=\"{form[name] ?? ""}\"></label>");

        var main = H($"""
            <h1>{t["Gaps"]}</h1>
            <p>{t["Commitments that fall short of what was promised, unit by unit, largest gaps first within each unit."]}</p>
            <form method="get" action="/gaps" class="filters card" id="gap-filters">
            {Input("party", t["Promisor"])}
            {Input("category", t["Category"])}
            {Select("unit", t["Unit"], units.All.Select(u => (u.Code, t.UnitName(u.Code))))}
            {Select("status", t["Status"], Enum.GetValues<DeliveryStatus>().Select(s => (Names.Of(s), t.Of(s))))}
            {Select("rating", t["Rating"], Enum.GetValues<Rating>().Select(r => (Names.Of(r), t.Of(r))))}
            {Select("verification", t["Verification"], Enum.GetValues<Verification>().Select(v => (Names.Of(v), t.Of(v))))}
            {Select("overdue", t["Overdue"], [("true", t["yes"]), ("false", t["no"])])}
            {Select("sort", t["Sort by"], [("unit", t["Unit"]), ("gap", t["Gap"]), ("dueOn", t["Due"]), ("fulfilment", t["Fulfilment"])])}
            {Select("order", t["Order"], [("desc", t["descending"]), ("asc", t["ascending"])])}
            {Input("asOf", t["As of"], "date")}
            {Input("knownAt", t["As known at"], "date")}
            {If(form.DealId is not null, H($"<input type=\"hidden\" name=\"dealId\" value=\"{form.DealId}\">"))}
            <button type="submit">{t["Show"]}</button>
            </form>
            {results}
            """);
        return Page.Render(w, t["Gaps"], main, status);
    }

    static string PageUrl(HttpContext http, int page) =>
        "/gaps" + QueryString.Create(http.Request.Query
            .Where(p => p.Key != "page")
            .SelectMany(p => p.Value.Select(v => new KeyValuePair<string, string?>(p.Key, v)))
            .Append(new KeyValuePair<string, string?>("page", page.ToString(System.Globalization.CultureInfo.InvariantCulture))));
}
