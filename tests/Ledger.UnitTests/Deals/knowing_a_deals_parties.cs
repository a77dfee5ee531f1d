using Ledger.UnitTests.Support;

namespace Ledger.UnitTests.Deals;

public class knowing_a_deals_parties
{
    [Theory]
    [InlineData("Sinohydro")]
    [InlineData("sinohydro")]
    [InlineData("  SINOHYDRO  ")]
    public void a_party_is_found_whatever_its_case_and_surrounding_spaces(string name) => Assert.True(Given.Sicomines().HasParty(name));

    [Theory]
    [InlineData("China Railway")]
    [InlineData("Sino")]
    [InlineData("")]
    public void a_name_that_is_not_a_party_is_not_found(string name) => Assert.False(Given.Sicomines().HasParty(name));

    [Fact]
    public void a_registered_deal_starts_without_amendments_or_announcements()
    {
        var deal = Given.Sicomines();

        Assert.Equal(Given.DealId, deal.Id);
        Assert.Equal(2, deal.Parties.Count);
        Assert.Empty(deal.Amendments);
        Assert.Empty(deal.Announcements);
    }
}
