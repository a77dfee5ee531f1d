using System.Globalization;
using System.Text;
using Ledger.Commitments.Status;
using Ledger.Infrastructure;
using Ledger.TimeTravel;

namespace Ledger.Commitments.Gaps;

/// <summary>RFC 4180 CSV of status views, for spreadsheets: the same rows and figures as the JSON.</summary>
public static class GapsCsv
{
    static readonly string[] Header =
    [
        "id", "dealId", "title", "promisor", "beneficiary", "category", "unit", "binding", "target", "originalTarget", "claimed", "verified",
        "gap", "originalGap", "claimGap", "fulfilment", "dueOn", "originalDueOn", "daysOverdue", "status", "rating", "revisions",
        "lastObservedOn", "acceptedObservations", "pendingObservations", "rejectedObservations", "asOf", "knownAt", "version",
        "verification",
    ];

    public static string Write(IEnumerable<CommitmentStatus> rows)
    {
        var csv = new StringBuilder();
        Line(csv, Header);
        foreach (var s in rows)
            Line(csv,
            [
                s.Id.ToString(), s.DealId.ToString(), Text(s.Title), Text(s.Promisor), Text(s.Beneficiary), Text(s.Category), s.Unit,
                s.Binding ? "true" : "false", Number(s.Target), Number(s.OriginalTarget), Number(s.Claimed), Number(s.Verified), Number(s.Gap),
                Number(s.OriginalGap), Number(s.ClaimGap), Number(s.Fulfilment), Day(s.DueOn), Day(s.OriginalDueOn),
                s.DaysOverdue.ToString(CultureInfo.InvariantCulture), Names.Of(s.Status), Names.Of(s.Rating),
                s.Revisions.ToString(CultureInfo.InvariantCulture), Day(s.LastObservedOn),
                s.Observations.Accepted.ToString(CultureInfo.InvariantCulture), s.Observations.Pending.ToString(CultureInfo.InvariantCulture),
                s.Observations.Rejected.ToString(CultureInfo.InvariantCulture), Day(s.AsOf), s.KnownAt?.ToString("O") ?? "",
                s.Version.ToString(CultureInfo.InvariantCulture), Names.Of(s.Verification),
            ]);
        return csv.ToString();
    }

    static void Line(StringBuilder csv, IEnumerable<string> cells)
    {
        csv.AppendJoin(',', cells.Select(Quote));
        csv.Append("\r\n");
    }

    /// <summary>Quotes a cell holding a comma, quote or line break, doubling its quotes.</summary>
    public static string Quote(string cell) =>
        cell.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? $"\"{cell.Replace("\"", "\"\"")}\"" : cell;

    /// <summary>Free text that a spreadsheet would run as a formula is prefixed with an apostrophe.</summary>
    public static string Text(string? value) =>
        value is null ? "" : value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : value;

    static string Number(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    static string Day(DateOnly? day) => day?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";
}
