using Ledger.Measuring;

namespace Ledger.UnitTests.Measuring;

public class measuring_in_known_units
{
    [Theory]
    [InlineData("usd", "USD")]
    [InlineData(" Usd ", "USD")]
    [InlineData("KM", "km")]
    [InlineData("mw", "MW")]
    [InlineData("Health-Centres", "health-centres")]
    public void a_known_code_is_normalised_to_the_catalogues_spelling(string code, string normalised)
    {
        Assert.True(Units.IsKnown(code));
        Assert.Equal(normalised, Units.Normalise(code));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("miles")]
    [InlineData("kilometres")]
    [InlineData("US$")]
    public void other_codes_are_unknown(string? code) => Assert.False(Units.IsKnown(code));

    [Fact]
    public void the_catalogue_has_each_code_once_whatever_its_case() =>
        Assert.Equal(Units.All.Count, Units.All.Select(u => u.Code.ToUpperInvariant()).Distinct().Count());

    [Fact]
    public void a_target_input_becomes_a_target_in_the_catalogue_unit() =>
        Assert.Equal(new Target(12.5m, "USD"), new TargetInput(12.5m, " usd").ToTarget());

    [Fact]
    public void the_known_codes_list_every_unit() =>
        Assert.All(Units.All, u => Assert.Contains(u.Code, Units.KnownCodes.Split(", ")));
}
