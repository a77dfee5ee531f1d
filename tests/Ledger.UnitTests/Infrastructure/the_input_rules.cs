using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Ledger.Commitments.Status;
using Ledger.Infrastructure.Http;
using Ledger.Infrastructure.Validation;

namespace Ledger.UnitTests.Infrastructure;

public class the_input_rules
{
    [Theory]
    [InlineData("plain", true)]
    [InlineData("tab\tand\r\nlines", true)]
    [InlineData("Lubumbashi – 𝄞 emoji 😀", true)]
    [InlineData("nul\0", false)]
    [InlineData("bell\a", false)]
    [InlineData("del\u007f", false)]
    [InlineData("next line\u0085", false)]
    [InlineData("not a character \uffff", false)]
    public void text_is_storable_without_nul_controls_or_lone_surrogates(string text, bool storable) =>
        Assert.Equal(storable, StorableText.IsStorable(text));

    // Built here: a test runner's data attributes would carry a lone surrogate as U+FFFD.
    [Theory]
    [InlineData(0xD800)]
    [InlineData(0xDBFF)]
    [InlineData(0xDC00)]
    [InlineData(0xDFFF)]
    public void a_lone_surrogate_is_not_storable(int surrogate)
    {
        Assert.False(StorableText.IsStorable($"lone {(char)surrogate} here"));
        Assert.False(StorableText.IsStorable($"at the end {(char)surrogate}"));
    }

    [Fact]
    public void a_pair_in_reverse_order_is_not_storable() => Assert.False(StorableText.IsStorable("\udc00\ud800"));

    [Fact]
    public void a_required_text_with_nul_is_refused_naming_the_field() =>
        Assert.Equal([StorableText.Rule], new FieldErrors().Text("narrative", "seen\0", 100).Errors["narrative"]);

    [Theory]
    [InlineData("1000000000000000", true)]
    [InlineData("1000000000000000.01", false)]
    [InlineData("79228162514264337593543950335", false)]
    public void amounts_are_bounded_at_ten_to_the_fifteenth(string amount, bool accepted) =>
        Assert.Equal(accepted, !new FieldErrors().Amount("amount", decimal.Parse(amount, CultureInfo.InvariantCulture)).Any);

    [Theory]
    [InlineData(1, 500, true)]
    [InlineData(4_294_968, 500, true)]
    [InlineData(4_294_969, 500, false)]
    [InlineData(int.MaxValue, 50, false)]
    [InlineData(0, 50, false)]
    public void a_page_is_refused_when_its_offset_would_not_fit_an_int(int page, int size, bool accepted) =>
        Assert.Equal(accepted, !new FieldErrors().Page(page, size, 50, 500).Any);

    [Fact]
    public void a_page_size_beyond_the_routes_maximum_is_refused_naming_it() =>
        Assert.True(new FieldErrors().Page(1, 501, 50, 500).Errors.ContainsKey("pageSize"));

    [Fact]
    public void a_sum_that_would_overflow_stops_at_the_largest_decimal_and_says_so()
    {
        Assert.Equal((decimal.MaxValue, true), UnitScore.SaturatingSum([decimal.MaxValue, 1m]));
        Assert.Equal((3m, false), UnitScore.SaturatingSum([1m, 2m]));
    }

    sealed record Probe(DateOnly? Day, string? Text, decimal? Amount, JsonValueKind? Kind);

    static JsonSerializerOptions Strict()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false));
        StrictJson.Apply(options);
        return options;
    }

    [Theory]
    [InlineData("""{"day": "1900-01-01"}""", true)]
    [InlineData("""{"day": "2200-12-31"}""", true)]
    [InlineData("""{"day": "1899-12-31"}""", false)]
    [InlineData("""{"day": "2201-01-01"}""", false)]
    [InlineData("""{"day": "2024-1-1"}""", false)]
    [InlineData("""{"amount": 12}""", true)]
    [InlineData("""{"amount": "12"}""", false)]
    [InlineData("""{"text": "a", "text": "b"}""", false)]
    [InlineData("""{"text": "a\u0000"}""", false)]
    [InlineData("""{"kind": "number"}""", true)]
    [InlineData("""{"kind": "number\u0085"}""", false)]
    [InlineData("""{"kind": " number"}""", false)]
    public void the_strict_reader_refuses_what_the_ledger_cannot_record(string json, bool accepted)
    {
        var read = () => JsonSerializer.Deserialize<Probe>(json, Strict());
        if (accepted) Assert.NotNull(read());
        else Assert.Throws<JsonException>(read);
    }
}
