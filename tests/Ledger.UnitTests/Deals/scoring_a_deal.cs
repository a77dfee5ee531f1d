using Ledger.Commitments;
using Ledger.Commitments.Status;
using Ledger.Deals.Scorecard;
using Ledger.Measuring;
using Ledger.Observations;
using Ledger.TimeTravel;
using Ledger.UnitTests.Support;

namespace Ledger.UnitTests.Deals;

public class scoring_a_deal
{
    static readonly DateOnly Today = Given.Today;
    static readonly DateOnly LastMonth = Today.AddMonths(-1);
    static int _ids;

    static CommitmentStatus StatusOf(Commitment commitment, params Observation[] observations) =>
        CommitmentStatus.Of(Given.FactsOf(commitment with { Id = new Guid($"00000000-0000-7000-8000-{Interlocked.Increment(ref _ids):D12}") },
            observations), Today, knownAt: null)!;

    static Commitment Loan(decimal usd) => Given.Roads() with { OriginalTarget = new Target(usd, "USD"), Title = "Lend for the dam", Category = "finance" };

    [Fact]
    public void each_unit_is_scored_on_its_own_row()
    {
        var scores = UnitScore.PerUnit([
            StatusOf(Given.Roads(km: 100m), Given.Observed(LastMonth, 40m)),
            StatusOf(Loan(1_000_000m), Given.Observed(LastMonth, 250_000m)),
            StatusOf(Given.Roads(km: 50m), Given.Observed(LastMonth, 10m)),
        ]);

        Assert.Equal(
            [
                new UnitScore("USD", 1_000_000m, 1_000_000m, 0m, 250_000m, 750_000m, 0.25m, 1),
                new UnitScore("km", 150m, 150m, 0m, 50m, 100m, 0.3333m, 2),
            ],
            scores);
    }

    [Fact]
    public void over_delivery_on_one_item_does_not_hide_anothers_gap()
    {
        var km = Assert.Single(UnitScore.PerUnit([
            StatusOf(Given.Roads(km: 100m), Given.Observed(LastMonth, 150m)),
            StatusOf(Given.Roads(km: 100m), Given.Observed(LastMonth, 20m)),
        ]));

        Assert.Equal(170m, km.Verified);
        Assert.Equal(80m, km.Gap);
        Assert.Equal(0.6m, km.Fulfilment); // (200 − 80) / 200, not 170 / 200
    }

    [Fact]
    public void promised_is_the_target_in_force_and_the_original_stays_beside_it()
    {
        var km = Assert.Single(UnitScore.PerUnit([
            StatusOf(Given.Roads(km: 100m).Apply(Given.Revised(LastMonth, km: 60m)).Apply(Given.Claimed(30m, LastMonth))),
            StatusOf(Given.Roads(km: 50m).Apply(Given.Claimed(5m, LastMonth))),
        ]));

        Assert.Equal((110m, 150m, 35m), (km.Promised, km.OriginalPromised, km.Claimed));
    }

    [Fact]
    public void a_withdrawn_commitment_stays_in_what_was_promised()
    {
        var km = Assert.Single(UnitScore.PerUnit([
            StatusOf(Given.Roads(km: 100m).Apply(new CommitmentWithdrawn(Given.CommitmentId, LastMonth, "Abandoned", [Given.Source()]))),
            StatusOf(Given.Roads(km: 100m), Given.Observed(LastMonth, 100m)),
        ]));

        Assert.Equal((200m, 100m, 0.5m, 2), (km.Promised, km.Gap, km.Fulfilment, km.Commitments));
    }

    [Fact]
    public void nothing_promised_is_fulfilled() =>
        Assert.Equal(1m, Assert.Single(UnitScore.PerUnit([StatusOf(Given.Roads(km: 0m))])).Fulfilment);

    [Fact]
    public void no_commitments_no_rows() => Assert.Empty(UnitScore.PerUnit([]));

    [Fact]
    public void counts_by_status_name_every_status_even_at_zero()
    {
        var counts = UnitScore.CountBy([StatusOf(Given.Roads()), StatusOf(Given.Roads()), StatusOf(Given.Roads(), Given.Observed(LastMonth, 100m))],
            s => s.Status);

        Assert.Equal(
            new Dictionary<string, int> { ["not-started"] = 2, ["in-progress"] = 0, ["overdue"] = 0, ["delivered"] = 1, ["withdrawn"] = 0 },
            counts);
    }

    [Fact]
    public void counts_by_rating_name_every_rating_even_at_zero() =>
        Assert.Equal(
            new Dictionary<string, int>
            {
                ["not-yet-rated"] = 0, ["in-the-works"] = 0, ["stalled"] = 0, ["compromise"] = 0, ["kept"] = 0, ["broken"] = 1,
            },
            UnitScore.CountBy([StatusOf(Given.Roads(dueOn: LastMonth))], s => s.Rating));

    [Fact]
    public void the_scorecard_puts_units_counts_and_statuses_together_for_the_point_in_time()
    {
        var when = new PointInTime(new DateOnly(2024, 6, 1), new DateTimeOffset(2024, 7, 1, 0, 0, 0, TimeSpan.Zero));
        CommitmentStatus[] statuses = [StatusOf(Loan(10m)), StatusOf(Given.Roads(dueOn: LastMonth), Given.Observed(LastMonth, 20m))];

        var card = GetDealScorecardEndpoint.Score(Given.DealId, when, statuses);

        Assert.Equal((Given.DealId, when.AsOf, when.KnownAt), (card.DealId, card.AsOf, card.KnownAt));
        Assert.Equal(["USD", "km"], card.ByUnit.Select(u => u.Unit));
        Assert.Equal((1, 1), (card.Counts["not-started"], card.Counts["overdue"]));
        Assert.Equal(5, card.Counts.Count);
        Assert.Equal(statuses, card.Commitments);
    }

    [Fact]
    public void a_deal_without_commitments_has_an_empty_scorecard()
    {
        var card = GetDealScorecardEndpoint.Score(Given.DealId, new PointInTime(Today, null), []);

        Assert.Empty(card.ByUnit);
        Assert.All(card.Counts.Values, n => Assert.Equal(0, n));
        Assert.Empty(card.Commitments);
    }
}
