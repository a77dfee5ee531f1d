using Ledger.UnitTests.Support;
using Ledger.Web.Commitments;
using Ledger.Web.Localisation;

namespace Ledger.UnitTests.Web;

/// <summary>The observation form as typed, read into the REST route's request: on either page, in either language.</summary>
public class reading_the_observation_form
{
    static ObservationForm Typed(string amount = "", string lat = "", string lon = "") =>
        ObservationForm.New(Language.English, new DateOnly(2026, 3, 1)) with
        {
            Assessment = "partially-delivered", Amount = amount, Place = "Kolwezi", Narrative = "Seen.", Lat = lat, Lon = lon,
        };

    [Theory]
    [InlineData("12.5", 12.5)]
    [InlineData("1,000", 1000)]
    [InlineData("1,000.5", 1000.5)]
    [InlineData("1 000 000", 1000000)]
    [InlineData("1000", 1000)]
    [InlineData("0.25", 0.25)]
    [InlineData("-3", -3)]
    public void on_an_english_page_a_point_marks_decimals_and_commas_group_thousands(string typed, double expected) =>
        Assert.Equal((decimal)expected, Read(typed, Language.English));

    [Theory]
    [InlineData("12,5", 12.5)]
    [InlineData("1 000,5", 1000.5)]
    [InlineData("1\u202f000,5", 1000.5)]
    [InlineData("1.000,5", 1000.5)]
    [InlineData("1.000", 1000)]
    [InlineData("0,25", 0.25)]
    public void on_a_french_page_a_comma_marks_decimals_and_spaces_or_points_group_thousands(string typed, double expected) =>
        Assert.Equal((decimal)expected, Read(typed, Language.French));

    static decimal? Read(string typed, Language language)
    {
        var (request, unreadable) = Typed(typed).ToRequest(language);
        Assert.False(unreadable.Any);
        return request.Finding!.Amount;
    }

    [Theory]
    [InlineData("en", "12,5")]
    [InlineData("en", "1 000,5")]
    [InlineData("en", "1,00")]
    [InlineData("en", "1,000,00")]
    [InlineData("fr", "12.5")]
    [InlineData("fr", "1,000.5")]
    [InlineData("fr", "1 00")]
    [InlineData("fr", "douze")]
    public void an_amount_written_another_way_is_refused_with_how_to_write_it(string language, string typed)
    {
        var t = language == "fr" ? Language.French : Language.English;

        var (request, unreadable) = Typed(typed).ToRequest(t);

        Assert.Null(request.Finding!.Amount);
        ProblemAssert.InvalidFields(unreadable.ToProblem(), "finding.amount");
        Assert.Equal(t.IsFrench ? TypedAmounts.NotFrench : TypedAmounts.NotEnglish, Assert.Single(unreadable.Errors["finding.amount"]));
    }

    [Fact]
    public void a_position_pseudonym_and_contact_reach_the_request()
    {
        var form = Typed(lat: "-10,71", lon: "25.47") with { Observer = " Marcheur 7 ", Contact = "+243 81 234 5678" };

        var (request, unreadable) = form.ToRequest(Language.French);

        Assert.False(unreadable.Any);
        Assert.Equal(("Kolwezi", -10.71, 25.47), (request.Location!.Place, request.Location.Lat!.Value, request.Location.Lon!.Value));
        Assert.Equal(("Marcheur 7", "+243 81 234 5678"), (request.Observer, request.Contact));
    }

    [Fact]
    public void a_position_that_is_not_a_number_is_named()
    {
        var (_, unreadable) = Typed(lat: "south", lon: "25.47").ToRequest(Language.English);

        ProblemAssert.InvalidFields(unreadable.ToProblem(), "location.lat");
    }
}
