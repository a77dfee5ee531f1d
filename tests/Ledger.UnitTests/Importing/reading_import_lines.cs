using System.Text.Json;
using Ledger.Commitments.Making;
using Ledger.Deals;
using Ledger.Deals.Registering;
using Ledger.Importing;
using Ledger.Infrastructure.Http;
using Ledger.Observations.Submitting;

namespace Ledger.UnitTests.Importing;

public class reading_import_lines
{
    static readonly Guid ImportId = Guid.Parse("0193b2a4-6c1e-7d2f-9a3b-4c5d6e7f8a9b");

    static ImportLines Reader()
    {
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        StrictJson.ConfigureRequests(json);
        return new ImportLines(ImportId, json);
    }

    const string Deal = """
        {"type":"deal","ref":"roads","title":"Roads","parties":[{"name":"A State","kind":"state","country":"CD"},
        {"name":"A Company","kind":"company"}],"summary":"Roads for minerals.","signedOn":"2008-04-22","sources":[]}
        """;

    static string OneLine(string json) => json.ReplaceLineEndings("");

    static IReadOnlyDictionary<string, string[]> Refused(ImportLines lines, int number, string text)
    {
        var (line, rejected) = lines.Read(number, text);
        Assert.Null(line);
        Assert.Equal(number, rejected!.Line);
        return rejected.Errors;
    }

    [Fact]
    public void a_line_is_its_routes_request_with_an_id_from_the_import_and_its_number()
    {
        var (line, rejected) = Reader().Read(3, OneLine(Deal));

        Assert.Null(rejected);
        Assert.Equal((3, "roads", ImportKind.Deal, ImportLines.IdOf(ImportId, 3)), (line!.Number, line.Ref, line.Kind, line.Id));
        var request = Assert.IsType<RegisterDeal>(line.Request);
        Assert.Equal("Roads", request.Title);
        Assert.Equal(PartyKind.State, request.Parties![0]!.Kind);
        Assert.NotEqual(ImportLines.IdOf(ImportId, 3), ImportLines.IdOf(ImportId, 4));
        Assert.NotEqual(ImportLines.IdOf(ImportId, 3), ImportLines.IdOf(Guid.NewGuid(), 3));
    }

    [Fact]
    public void a_later_line_names_an_earlier_lines_ref_or_an_id_already_in_the_ledger()
    {
        var lines = Reader();
        var deal = lines.Read(1, OneLine(Deal)).Line!;
        var made = lines.Read(2, """{"type":"commitment","ref":"road","deal":"roads","title":"Pave"}""").Line!;
        var known = Guid.NewGuid();
        var seen = lines.Read(3, $$"""{"type":"observation","commitment":"{{known}}","narrative":"Seen."}""").Line!;

        Assert.Equal(deal.Id, made.Target);
        Assert.Equal("Pave", Assert.IsType<MakeCommitment>(made.Request).Title);
        Assert.Equal(known, seen.Target);
        Assert.Equal("Seen.", Assert.IsType<SubmitObservation>(seen.Request).Narrative);
    }

    [Fact]
    public void a_blank_line_is_skipped_and_neither_read_nor_refused() =>
        Assert.Equal((null, null), Reader().Read(1, "   "));

    [Theory]
    [InlineData("""{"type":"deal", "title": """, "$")]
    [InlineData("""[1, 2]""", "$")]
    [InlineData("""{"ref":"x"}""", "type")]
    [InlineData("""{"type":"payment"}""", "type")]
    [InlineData("""{"type":7}""", "type")]
    [InlineData("""{"type":"deal","ref":3}""", "ref")]
    [InlineData("""{"type":"deal","ref":""}""", "ref")]
    [InlineData("""{"type":"deal","ref":"a\udfff"}""", "ref")]
    [InlineData("""{"type":"deal","title":"a","title":"b"}""", "$")]
    [InlineData("""{"type":"deal","colour":"red"}""", "colour")]
    [InlineData("""{"type":"deal","signedOn":"2008-13-01"}""", "signedOn")]
    [InlineData("""{"type":"deal","title":"a\udfffb"}""", "title")]
    [InlineData("""{"type":"deal","parties":[{"kind":"st\udfffate"}]}""", "parties[0].kind")]
    [InlineData("""{"type":"commitment","title":"x"}""", "deal")]
    [InlineData("""{"type":"commitment","deal":"nowhere"}""", "deal")]
    [InlineData("""{"type":"claim","commitment":"roads"}""", "commitment")] // a deal's ref, not a commitment's
    public void a_line_that_cannot_be_read_is_refused_naming_the_field(string text, string field)
    {
        var lines = Reader();
        lines.Read(1, OneLine(Deal));
        Assert.Equal([field], Refused(lines, 2, text).Keys);
    }

    [Fact]
    public void a_ref_names_one_line_and_a_refused_line_takes_none()
    {
        var lines = Reader();
        lines.Read(1, OneLine(Deal));
        Assert.Contains("line 1", Refused(lines, 2, OneLine(Deal))["ref"].Single());
        Refused(lines, 3, """{"type":"deal","ref":"broken","signedOn":5}""");
        Assert.Equal(["deal"], Refused(lines, 4, """{"type":"commitment","deal":"broken"}""").Keys);
    }

    [Fact]
    public void a_line_longer_than_the_limit_is_refused_unread() =>
        Assert.Equal(["$"], Refused(Reader(), 1, $$"""{"type":"deal","summary":"{{new string('x', ImportLines.MaxLineLength)}}"}""").Keys);
}
