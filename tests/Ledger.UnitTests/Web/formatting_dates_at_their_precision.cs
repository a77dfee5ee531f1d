using Ledger.Sourcing;
using Ledger.Web.Localisation;

namespace Ledger.UnitTests.Web;

/// <summary>A date is printed only as precisely as its sources give it, in the page's language.</summary>
public class formatting_dates_at_their_precision
{
    [Theory]
    [InlineData("en", null, "22 Apr 2008")]
    [InlineData("en", DatePrecision.Day, "22 Apr 2008")]
    [InlineData("en", DatePrecision.Month, "Apr 2008")]
    [InlineData("en", DatePrecision.Year, "2008")]
    [InlineData("fr", null, "22 avr. 2008")]
    [InlineData("fr", DatePrecision.Month, "avr. 2008")]
    [InlineData("fr", DatePrecision.Year, "2008")]
    public void in_both_languages(string language, DatePrecision? precision, string expected)
    {
        var t = language == "fr" ? Language.French : Language.English;

        Assert.Equal(expected, t.Date(new DateOnly(2008, 4, 22), precision));
    }

    [Fact]
    public void a_statement_is_dated_as_finely_as_its_finest_source()
    {
        static Source Dated(DatePrecision? p) => new("https://example.org/a", "Example", new DateOnly(2009, 10, 1), null, DatePrecision: p);

        Assert.Equal(DatePrecision.Month, Dating.PrecisionOf([Dated(DatePrecision.Month), Dated(DatePrecision.Year)]));
        Assert.Null(Dating.PrecisionOf([Dated(DatePrecision.Month), Dated(null)]));
        Assert.Null(Dating.PrecisionOf([]));
    }

    [Theory]
    [InlineData("en", 1, "1 commitment")]
    [InlineData("en", 2, "2 commitments")]
    [InlineData("fr", 1, "1 engagement")]
    [InlineData("fr", 2, "2 engagements")]
    public void counts_take_the_plural_they_need(string language, int count, string expected)
    {
        var t = language == "fr" ? Language.French : Language.English;

        Assert.Equal(expected, t.Count(count, "commitment", "commitments"));
    }
}
