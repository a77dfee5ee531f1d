using System.Text.Json;
using System.Text.Json.Serialization;
using Ledger.Sourcing;

namespace Ledger.UnitTests.Sourcing;

public class citing_a_source
{
    [Fact]
    public void a_source_is_recorded_trimmed()
    {
        var source = new SourceInput(" https://www.example.org/a ", "\tExample Monitor ", new DateOnly(2024, 1, 10), " Report ").ToSource();

        Assert.Equal(new Source("https://www.example.org/a", "Example Monitor", new DateOnly(2024, 1, 10), "Report"), source);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void a_blank_title_is_recorded_as_absent(string? title) =>
        Assert.Null(new SourceInput("https://www.example.org/a", "Example Monitor", new DateOnly(2024, 1, 10), title).ToSource().Title);

    [Fact]
    public void a_source_is_verified_dated_to_the_day_and_without_a_note_unless_told()
    {
        var source = new SourceInput("https://www.example.org/a", "Example Monitor", new DateOnly(2024, 1, 10), null).ToSource();

        Assert.False(source.Unverified);
        Assert.Null(source.DatePrecision);
        Assert.Null(source.Note);
    }

    [Fact]
    public void a_source_keeps_its_unverified_mark_date_precision_and_trimmed_note()
    {
        var source = new SourceInput("https://www.example.org/a", "Example Monitor", new DateOnly(2009, 3, 1), null, true, DatePrecision.Month,
            "  blog; single source ").ToSource();

        Assert.True(source.Unverified);
        Assert.Equal(DatePrecision.Month, source.DatePrecision);
        Assert.Equal("blog; single source", source.Note);
    }

    [Fact]
    public void a_plain_source_is_written_as_before_and_the_new_fields_appear_only_when_set()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
        };
        var plain = new Source("https://www.example.org/a", "Example Monitor", new DateOnly(2024, 1, 10), "Report");
        var marked = plain with { Unverified = true, DatePrecision = DatePrecision.Year, Note = "blog" };

        Assert.Equal("""{"url":"https://www.example.org/a","publisher":"Example Monitor","publishedOn":"2024-01-10","title":"Report"}""",
            JsonSerializer.Serialize(plain, options));
        Assert.Equal(
            """{"url":"https://www.example.org/a","publisher":"Example Monitor","publishedOn":"2024-01-10","title":"Report","unverified":""" +
            """true,"datePrecision":"year","note":"blog"}""",
            JsonSerializer.Serialize(marked, options));
        Assert.Equal(plain, JsonSerializer.Deserialize<Source>(
            """{"url":"https://www.example.org/a","publisher":"Example Monitor","publishedOn":"2024-01-10","title":"Report"}""",
            options));
        Assert.Equal(marked, JsonSerializer.Deserialize<Source>(JsonSerializer.Serialize(marked, options), options));
    }
}
