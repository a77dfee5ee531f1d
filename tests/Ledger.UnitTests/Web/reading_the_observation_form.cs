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
    [InlineData("12,5", 12.5)]
    [InlineData("12.5", 12.5)]
    [InlineData("1 000", 1000)]
    [InlineData("1000", 1000)]
    [InlineData("0,25", 0.25)]
    [InlineData("-3", -3)]
    public void an_amount_has_one_decimal_mark_a_point_or_a_comma_on_either_page(string typed, double expected)
    {
        foreach (var language in new[] { Language.English, Language.French })
        {
            var (request, unreadable) = Typed(typed).ToRequest(language);
            Assert.False(unreadable.Any);
            Assert.Equal((decimal)expected, request.Finding!.Amount);
        }
    }

    [Theory]
    [InlineData("1,000")]
    [InlineData("1.000")]
    [InlineData("1,000.5")]
    [InlineData("12,5,1")]
    [InlineData("douze")]
    public void an_amount_that_could_be_read_two_ways_or_not_at_all_is_refused(string typed)
    {
        var (_, unreadable) = Typed(typed).ToRequest(Language.English);

        Assert.True(unreadable.Any);
        ProblemAssert.InvalidFields(unreadable.ToProblem(), "finding.amount");
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
