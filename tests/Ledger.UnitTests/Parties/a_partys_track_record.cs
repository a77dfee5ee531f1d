using Ledger.Commitments;
using Ledger.Commitments.Status;
using Ledger.Observations;
using Ledger.Parties.TrackRecord;
using Ledger.TimeTravel;
using Ledger.UnitTests.Support;

namespace Ledger.UnitTests.Parties;

public class a_partys_track_record
{
    static readonly DateOnly Today = Given.Today;
    static readonly PointInTime When = new(Today, null);
    static readonly DealReference Sicomines = new(Given.DealId, "Sicomines minerals-for-infrastructure deal");

    static CommitmentStatus StatusOf(Commitment commitment, params Observation[] observations) =>
        CommitmentStatus.Of(Given.FactsOf(commitment, observations), Today, knownAt: null)!;

    static CommitmentStatus OverdueBy(int days) => StatusOf(Given.Roads(dueOn: Today.AddDays(-days)));

    static PartyRecord RecordOf(params CommitmentStatus[] statuses) => PartyRecord.Of(Given.Sinohydro, When, statuses, [Sicomines]);

    [Fact]
    public void the_median_of_an_odd_number_of_overdue_commitments_is_the_middle_one() =>
        Assert.Equal(20m, RecordOf(OverdueBy(30), OverdueBy(10), OverdueBy(20)).MedianDaysOverdue);

    [Fact]
    public void the_median_of_an_even_number_is_the_mean_of_the_middle_two()
    {
        Assert.Equal(12.5m, RecordOf(OverdueBy(15), OverdueBy(10)).MedianDaysOverdue);
        Assert.Equal(25m, RecordOf(OverdueBy(40), OverdueBy(10), OverdueBy(30), OverdueBy(20)).MedianDaysOverdue);
    }

    [Fact]
    public void a_single_overdue_commitment_is_its_own_median() => Assert.Equal(7m, RecordOf(OverdueBy(7)).MedianDaysOverdue);

    [Fact]
    public void commitments_not_overdue_are_left_out_of_the_median() =>
        Assert.Equal(30m, RecordOf(OverdueBy(30), StatusOf(Given.Roads()), StatusOf(Given.Roads(dueOn: Today.AddDays(-5)), Given.Observed(Today, 100m)))
            .MedianDaysOverdue);

    [Fact]
    public void without_overdue_commitments_there_is_no_median()
    {
        Assert.Null(RecordOf(StatusOf(Given.Roads())).MedianDaysOverdue);
        Assert.Null(RecordOf().MedianDaysOverdue);
    }

    [Fact]
    public void the_record_counts_by_status_rating_and_unit()
    {
        CommitmentStatus[] statuses = [OverdueBy(10), OverdueBy(20), StatusOf(Given.Roads(km: 50m), Given.Observed(Today.AddDays(-3), 50m))];

        var record = RecordOf(statuses);

        Assert.Equal((Given.Sinohydro, Today, (DateTimeOffset?)null, 3), (record.Party, record.AsOf, record.KnownAt, record.Commitments));
        Assert.Equal((2, 1, 0), (record.ByStatus["overdue"], record.ByStatus["delivered"], record.ByStatus["withdrawn"]));
        Assert.Equal((2, 1, 0), (record.ByRating["broken"], record.ByRating["kept"], record.ByRating["stalled"]));
        Assert.Equal(new UnitScore("km", 250m, 250m, 0m, 50m, 200m, 0.2m, 3), Assert.Single(record.ByUnit));
        Assert.Equal([Sicomines], record.Deals);
        Assert.Equal(statuses, record.Statuses);
    }
}
