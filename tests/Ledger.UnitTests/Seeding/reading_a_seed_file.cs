using System.Text.Json.Nodes;
using Ledger.Seeding;
using Ledger.Sourcing;

namespace Ledger.UnitTests.Seeding;

public class reading_a_seed_file
{
    static SeedError Error(string json)
    {
        var (seed, error) = SeedFiles.Parse(SeedExample.File, json);
        Assert.Null(seed);
        Assert.NotNull(error);
        Assert.Equal(SeedExample.File, error.File);
        return error;
    }

    [Fact]
    public void a_well_formed_file_is_read_with_every_statement()
    {
        var seed = SeedExample.Read(SeedExample.Json());

        Assert.Equal("test-case", seed.Case);
        Assert.Equal(new DateOnly(2008, 4, 22), seed.Deal!.SignedOn);
        Assert.Equal(DatePrecision.Month, Assert.Single(seed.Amendments!)!.DatePrecision);
        var commitment = Assert.Single(seed.Commitments!)!;
        Assert.Equal("amendment-2009", Assert.Single(commitment.Revisions!)!.Amendment);
        Assert.Equal(900m, Assert.Single(commitment.Claims!)!.Amount);
        Assert.Equal(SeedExample.Auditor, Assert.Single(commitment.Observations!)!.Observer);
    }

    [Fact]
    public void text_that_is_not_json_is_reported_with_its_line()
    {
        var error = Error("{\n  \"case\": \"test-case\",\n  \"deal\": {\n");

        Assert.Contains("is not well-formed JSON", error.Reason);
        Assert.Contains("line", error.Reason);
    }

    [Fact]
    public void a_field_the_format_does_not_have_is_reported_at_its_path()
    {
        var json = SeedExample.Json();
        json["deal"]!["colour"] = "red";

        var error = Error(json.ToJsonString());

        Assert.Equal("$.deal.colour", error.Path);
        Assert.Contains("is not a field", error.Reason);
    }

    [Fact]
    public void a_value_of_the_wrong_type_is_reported_at_its_path()
    {
        var json = SeedExample.Json();
        json["commitments"]![0]!["target"]!["amount"] = "a lot";

        var error = Error(json.ToJsonString());

        Assert.Equal("$.commitments[0].target.amount", error.Path);
        Assert.Contains("wrong type or format", error.Reason);
    }

    [Fact]
    public void a_date_precision_other_than_day_month_or_year_is_reported()
    {
        var json = SeedExample.Json();
        json["amendments"]![0]!["datePrecision"] = "week";

        Assert.Equal("$.amendments[0].datePrecision", Error(json.ToJsonString()).Path);
    }

    [Fact]
    public void an_impossible_date_is_reported()
    {
        var json = SeedExample.Json();
        json["deal"]!["signedOn"] = "2008-02-30";

        Assert.Equal("$.deal.signedOn", Error(json.ToJsonString()).Path);
    }

    [Fact]
    public void a_file_holding_null_is_reported() => Assert.Equal("$", Error("null").Path);

    [Fact]
    public void the_statement_date_precision_travels_on_each_of_its_sources_unless_a_source_says_otherwise()
    {
        var json = SeedExample.Json();
        json["amendments"]![0]!["sources"]!.AsArray().Add(new JsonObject
        {
            ["url"] = "https://other.example.org", ["publisher"] = "other.example.org", ["publishedOn"] = "2009-12-01", ["datePrecision"] = "year",
        });
        var seed = SeedExample.Read(json);

        var amendment = seed.Amendments![0]!.ToRequest();
        Assert.Equal([DatePrecision.Month, DatePrecision.Year], amendment.Sources!.Select(s => s!.DatePrecision));
        Assert.All(seed.Deal!.ToRequest().Sources!, s => Assert.Null(s!.DatePrecision));
    }
}
