using System.Globalization;
using System.Text;
using Ledger.Commitments.Gaps;
using Ledger.Commitments.Status;
using Ledger.Observations;
using Ledger.UnitTests.Support;

namespace Ledger.UnitTests.Commitments;

public class gaps_as_csv
{
    const string Header =
        "id,dealId,title,promisor,beneficiary,category,unit,binding,target,originalTarget,claimed,verified,gap,originalGap,claimGap,fulfilment," +
        "dueOn,originalDueOn,daysOverdue,status,rating,revisions,lastObservedOn,acceptedObservations,pendingObservations,rejectedObservations," +
        "asOf,knownAt,version,verification";

    static readonly CommitmentStatus Roads = CommitmentStatus.Of(
        Given.FactsOf(
            Given.Roads(km: 1234.5m, dueOn: Given.Today.AddDays(-10)).Apply(Given.Claimed(500.25m, Given.Today.AddMonths(-2))),
            Given.Observed(Given.Today.AddMonths(-1), 411.5m), Given.Observed(Given.Today.AddDays(-3), 1m, ModerationStatus.Pending)),
        Given.Today, knownAt: null)!;

    [Fact]
    public void the_first_line_names_the_columns() => Assert.Equal(Header + "\r\n", GapsCsv.Write([]));

    [Fact]
    public void each_status_is_one_line_ending_in_crlf()
    {
        var csv = GapsCsv.Write([Roads, Roads with { Id = Guid.NewGuid() }]);

        Assert.EndsWith("\r\n", csv);
        Assert.Equal(3, csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal(3, Parse(csv).Count);
    }

    [Fact]
    public void a_row_holds_the_same_figures_as_the_json()
    {
        var cells = Cells(GapsCsv.Write([Roads]));

        Assert.Equal(Given.CommitmentId.ToString(), cells["id"]);
        Assert.Equal(Given.DealId.ToString(), cells["dealId"]);
        Assert.Equal("Build 3,500 km of roads", cells["title"]);
        Assert.Equal((Given.Sinohydro, Given.Drc, "roads", "km", "true"),
            (cells["promisor"], cells["beneficiary"], cells["category"], cells["unit"], cells["binding"]));
        Assert.Equal(("1234.5", "1234.5", "500.25", "411.5", "823.0", "823.0", "88.75", "0.3333"),
            (cells["target"], cells["originalTarget"], cells["claimed"], cells["verified"],
                cells["gap"], cells["originalGap"], cells["claimGap"], cells["fulfilment"]));
        Assert.Equal(("2025-06-05", "2025-06-05", "10"), (cells["dueOn"], cells["originalDueOn"], cells["daysOverdue"]));
        Assert.Equal(("overdue", "in-the-works", "0"), (cells["status"], cells["rating"], cells["revisions"]));
        Assert.Equal(("2025-05-15", "1", "1", "0"),
            (cells["lastObservedOn"], cells["acceptedObservations"], cells["pendingObservations"], cells["rejectedObservations"]));
        Assert.Equal(("2025-06-15", "", "2", "single-source"), (cells["asOf"], cells["knownAt"], cells["version"], cells["verification"]));
    }

    [Fact]
    public void what_is_unknown_is_an_empty_cell()
    {
        var cells = Cells(GapsCsv.Write([Roads with { Beneficiary = null, DueOn = null, OriginalDueOn = null, LastObservedOn = null, KnownAt = null }]));

        Assert.All(new[] { "beneficiary", "dueOn", "originalDueOn", "lastObservedOn", "knownAt" }, column => Assert.Equal("", cells[column]));
    }

    [Fact]
    public void the_instant_known_at_is_written_in_iso_8601() =>
        Assert.Equal("2024-06-01T12:00:00.0000000+00:00",
            Cells(GapsCsv.Write([Roads with { KnownAt = new DateTimeOffset(2024, 6, 1, 12, 0, 0, TimeSpan.Zero) }]))["knownAt"]);

    [Fact]
    public void an_unbinding_commitment_says_false() => Assert.Equal("false", Cells(GapsCsv.Write([Roads with { Binding = false }]))["binding"]);

    [Theory]
    [InlineData("fr-FR")]
    [InlineData("de-DE")]
    [InlineData("ar-SA")]
    [InlineData("fa-IR")]
    public void numbers_and_dates_are_written_the_same_whatever_the_servers_culture(string culture)
    {
        var invariant = GapsCsv.Write([Roads]);
        var before = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo(culture);

            Assert.Equal(invariant, GapsCsv.Write([Roads]));
            Assert.Equal("1234.5", Cells(GapsCsv.Write([Roads]))["target"]);
        }
        finally
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = before;
        }
    }

    [Theory]
    [InlineData("Roads", "Roads")]
    [InlineData("", "")]
    [InlineData("3,500 km", "\"3,500 km\"")]
    [InlineData("the \"Sicomines\" deal", "\"the \"\"Sicomines\"\" deal\"")]
    [InlineData("\"", "\"\"\"\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    [InlineData("two\r\nlines", "\"two\r\nlines\"")]
    [InlineData("a\rreturn", "\"a\rreturn\"")]
    [InlineData("it's", "it's")]
    public void a_cell_with_a_comma_quote_or_line_break_is_quoted(string cell, string expected) => Assert.Equal(expected, GapsCsv.Quote(cell));

    [Theory]
    [InlineData("=SUM(A1:A9)", "'=SUM(A1:A9)")]
    [InlineData("+1 555 0100", "'+1 555 0100")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@cmd", "'@cmd")]
    [InlineData("\t=1", "'\t=1")]
    [InlineData("\r=1", "'\r=1")]
    [InlineData("Roads = 3,500 km", "Roads = 3,500 km")]
    [InlineData("", "")]
    public void text_a_spreadsheet_would_run_as_a_formula_is_prefixed_with_an_apostrophe(string text, string expected) =>
        Assert.Equal(expected, GapsCsv.Text(text));

    [Fact]
    public void no_text_is_an_empty_cell() => Assert.Equal("", GapsCsv.Text(null));

    [Fact]
    public void free_text_round_trips_through_a_csv_reader()
    {
        const string title = "Roads, \"paved\"\r\nand bridges";

        var cells = Cells(GapsCsv.Write([Roads with { Title = title, Promisor = "China Railway, Ltd.", Category = "roads\nrail" }]));

        Assert.Equal((title, "China Railway, Ltd.", "roads\nrail"), (cells["title"], cells["promisor"], cells["category"]));
    }

    [Fact]
    public void a_formula_in_a_title_or_party_is_neutralised_and_still_quoted()
    {
        var csv = GapsCsv.Write([Roads with { Title = "=HYPERLINK(\"http://evil.example\",\"click\")", Promisor = "@SUM(1)", Beneficiary = "+cmd" }]);

        Assert.Contains(",\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\",'@SUM(1),'+cmd,", csv);
        var cells = Cells(csv);
        Assert.Equal("'=HYPERLINK(\"http://evil.example\",\"click\")", cells["title"]);
    }

    static Dictionary<string, string> Cells(string csv)
    {
        var rows = Parse(csv);
        Assert.Equal(2, rows.Count);
        Assert.Equal(rows[0].Count, rows[1].Count);
        return rows[0].Zip(rows[1]).ToDictionary(p => p.First, p => p.Second);
    }

    /// <summary>An RFC 4180 reader: quoted cells may hold commas, doubled quotes and line breaks; records end in CRLF.</summary>
    static List<List<string>> Parse(string csv)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < csv.Length; i++)
        {
            var c = csv[i];
            if (quoted)
            {
                if (c != '"') cell.Append(c);
                else if (i + 1 < csv.Length && csv[i + 1] == '"') { cell.Append('"'); i++; }
                else quoted = false;
            }
            else if (c == '"' && cell.Length == 0) quoted = true;
            else if (c == ',') { row.Add(cell.ToString()); cell.Clear(); }
            else if (c == '\r' && i + 1 < csv.Length && csv[i + 1] == '\n') { row.Add(cell.ToString()); cell.Clear(); rows.Add(row); row = []; i++; }
            else
            {
                Assert.False(c is '"' or '\r' or '\n', $"unquoted {(int)c} at {i}");
                cell.Append(c);
            }
        }
        Assert.True(row.Count == 0 && cell.Length == 0 && !quoted, "the CSV ends with a complete record");
        return rows;
    }
}
