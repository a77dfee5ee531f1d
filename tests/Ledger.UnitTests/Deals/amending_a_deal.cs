using Ledger.Deals;
using Ledger.Deals.Amending;
using Ledger.UnitTests.Support;

namespace Ledger.UnitTests.Deals;

public class amending_a_deal
{
    [Fact]
    public void the_decision_records_the_amendment_with_its_own_id_and_trimmed_summary()
    {
        var amendmentId = Guid.CreateVersion7();
        var command = new AmendDeal(new DateOnly(2017, 10, 1), "  Infrastructure tranche rescheduled\n",
            [Given.SourceInput() with { Title = " " }]);

        var amended = AmendDealHandler.Decide(Given.DealId, amendmentId, Parsed.Valid(command.Parse()));

        Assert.Equal(Given.DealId, amended.DealId);
        Assert.Equal(amendmentId, amended.AmendmentId);
        Assert.Equal(new DateOnly(2017, 10, 1), amended.EffectiveOn);
        Assert.Equal(new DateOnly(2017, 10, 1), amended.OccurredOn);
        Assert.Equal("Infrastructure tranche rescheduled", amended.Summary);
        Assert.Equal([Given.Source() with { Title = null }], amended.Sources);
    }

    [Fact]
    public void an_amendment_is_added_to_the_deal_and_the_original_terms_stay()
    {
        var deal = Given.Sicomines();

        var amended = deal.Apply(new DealAmended(Given.DealId, Given.AmendmentId, new DateOnly(2017, 10, 1), "Rescheduled", [Given.Source()]));

        var amendment = Assert.Single(amended.Amendments);
        Assert.Equal(Given.AmendmentId, amendment.Id);
        Assert.Equal(new DateOnly(2017, 10, 1), amendment.EffectiveOn);
        Assert.Equal("Rescheduled", amendment.Summary);
        Assert.Equal(deal.Summary, amended.Summary);
        Assert.Empty(deal.Amendments);
    }
}
