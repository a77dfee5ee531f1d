using Ledger.Parties.TrackRecord;
using Ledger.TimeTravel;
using Ledger.Web.Deals;
using Ledger.Web.Layout;
using Marten;
using Wolverine.Http;
using static Ledger.Web.Layout.Markup;

namespace Ledger.Web.Parties;

/// <summary><c>/parties/{name}</c>: a promisor's record, by any of its names, read as <c>/api/parties/{name}/record</c> reads it.</summary>
public static class PartyPage
{
    public static async Task<IResult> Show(
        string name, string? asOf, string? knownAt, HttpContext http, IQuerySession session, TimeProvider clock,
        CancellationToken ct)
    {
        var w = await WebContext.WithUnitsAsync(http, session, ct);
        var t = w.T;
        var problem = GetPartyRecordEndpoint.Validate(asOf, knownAt, null, null);
        if (problem != WolverineContinue.NoProblems)
            return Page.Error(w, problem.Status ?? 400, t["This page cannot be shown"], problem.Detail ?? "");
        var record = await GetPartyRecordEndpoint.FindAsync(name, PointInTime.From(asOf, knownAt, clock), session, ct);
        if (record is null) return Page.NotFound(w, "No commitment by this party is recorded.");

        var aliases = If(record.Aliases.Count > 0, H($"<p class=\"muted\">{t["Also named"]}: {string.Join(" · ", record.Aliases)}</p>"));
        var main = H($"""
            <h1>{record.Party}</h1>
            {aliases}
            <p class="muted">{t["As of"]} {t.Date(record.AsOf)} · {record.Commitments} {t["commitments"]} ·
            {Html.Join(record.Deals.Select((d, i) => H($"{(i > 0 ? new Html(" · ") : Html.Empty)}<a href=\"/deals/{d.Id}\">{d.Title}</a>")))}</p>
            <h2>{t["Promised, claimed and verified"]}</h2>
            {DealPages.UnitTable(t, record.ByUnit)}
            {record.ByUnit.Select(u => DealPages.Chart(t, u))}
            <h2>{t["Commitments"]}</h2>
            {DealPages.CommitmentTable(t, record.Statuses)}
            {DealPages.Alternatives(t, record.Statuses)}
            """);
        return Page.Render(w, record.Party, main);
    }
}
