using Ledger.Commitments.Series;
using Ledger.Sourcing;
using Ledger.TimeTravel;
using Ledger.UnitTests.Support;
using static Ledger.UnitTests.Support.Recorded;

namespace Ledger.UnitTests.Commitments;

/// <summary>A commitment's target over time against claimed and verified delivery: each statement a dated step.</summary>
public class folding_the_series
{
    static readonly DateOnly Today = new(2025, 6, 15);

    /// <summary>100 km due end 2023, cut to 60 km due end 2026 in 2022, 20 km claimed in 2021, 15 km seen in 2023, one pending.</summary>
    static EventLog Roads(out long cutSequence)
    {
        var log = new EventLog();
        log.Record(RoadsMade() with { Sources = [Given.Source() with { DatePrecision = DatePrecision.Year }] }, At(2020, 2, 1));
        log.Record(Given.Claimed(20m, new DateOnly(2021, 6, 1)), At(2021, 6, 2));
        cutSequence = log.Record(Given.Revised(new DateOnly(2022, 3, 1), km: 60m, dueOn: new DateOnly(2026, 12, 31)) with
        {
            AmendmentId = Given.AmendmentId, Sources = [Given.Source() with { Unverified = true, DatePrecision = DatePrecision.Month }],
        }, At(2022, 4, 1)).Sequence;
        var seen = Submitted(new DateOnly(2023, 5, 1), 15m, At(2023, 5, 2)) with { Sources = [Given.Source()] };
        log.Record(seen, At(2023, 5, 2));
        log.Record(Accepted(seen, new DateOnly(2023, 5, 3)), At(2023, 5, 3));
        log.Record(Submitted(new DateOnly(2024, 1, 1), 90m, At(2024, 1, 2)), At(2024, 1, 2));
        return log;
    }

    static CommitmentSeries SeriesOf(EventLog log, DateOnly? asOf = null, DateTimeOffset? knownAt = null) =>
        CommitmentSeries.Of(log.Facts(), log.Events, new PointInTime(asOf ?? Today, knownAt))!;

    [Fact]
    public void each_statement_is_a_point_in_date_order_with_the_figures_in_force_after_it()
    {
        var series = SeriesOf(Roads(out var cut));

        Assert.Equal(
        [
            (new DateOnly(2020, 1, 1), SeriesPointKind.Baseline, (decimal?)100m, (decimal?)0m, (decimal?)0m),
            (new DateOnly(2021, 6, 1), SeriesPointKind.Claim, 100m, 20m, 0m),
            (new DateOnly(2022, 3, 1), SeriesPointKind.Amendment, 60m, 20m, 0m),
            (new DateOnly(2023, 5, 1), SeriesPointKind.Verified, 60m, 20m, 15m),
            (new DateOnly(2023, 12, 31), SeriesPointKind.Due, 100m, null, null),
            (new DateOnly(2026, 12, 31), SeriesPointKind.Due, 60m, null, null),
        ], series.Points.Select(p => (p.On, p.Kind, p.Target, p.Claimed, p.Verified)));
        Assert.Equal(100m, series.OriginalTarget);
        Assert.Equal(cut, series.Points.Single(p => p.Kind == SeriesPointKind.Amendment).Sequence);
    }

    [Fact]
    public void a_point_is_dated_as_precisely_as_its_sources_and_says_when_they_are_all_unverified()
    {
        var series = SeriesOf(Roads(out _));

        var baseline = series.Points[0];
        var cut = series.Points.Single(p => p.Kind == SeriesPointKind.Amendment);
        Assert.Equal(DatePrecision.Year, baseline.DatePrecision);
        Assert.False(baseline.OnlyUnverified);
        Assert.Equal(DatePrecision.Month, cut.DatePrecision);
        Assert.True(cut.OnlyUnverified);
        Assert.Null(series.Points.Single(p => p.Kind == SeriesPointKind.Claim).DatePrecision);
    }

    [Fact]
    public void a_pending_observation_is_no_point_and_counts_in_no_figure()
    {
        var series = SeriesOf(Roads(out _));

        Assert.Single(series.Points, p => p.Kind == SeriesPointKind.Verified);
        Assert.DoesNotContain(series.Points, p => p.Verified == 90m);
    }

    [Fact]
    public void as_of_a_day_the_series_stops_there_and_as_known_at_a_moment_it_holds_only_what_was_recorded()
    {
        var before = SeriesOf(Roads(out _), asOf: new DateOnly(2021, 12, 31));
        var known = SeriesOf(Roads(out _), knownAt: At(2022, 1, 1));

        Assert.Equal([SeriesPointKind.Baseline, SeriesPointKind.Claim, SeriesPointKind.Due], before.Points.Select(p => p.Kind));
        Assert.Equal([SeriesPointKind.Baseline, SeriesPointKind.Claim, SeriesPointKind.Due], known.Points.Select(p => p.Kind));
        Assert.Null(CommitmentSeries.Of(Roads(out _).Facts(), Roads(out _).Events, new PointInTime(new DateOnly(2019, 1, 1), null)));
    }

    [Fact]
    public void a_revision_of_the_due_date_alone_is_a_revision_point_and_a_due_point()
    {
        var log = new EventLog();
        log.Record(RoadsMade(), At(2020, 2, 1));
        log.Record(Given.Revised(new DateOnly(2023, 6, 1), dueOn: new DateOnly(2027, 6, 30)), At(2023, 6, 2));

        var series = SeriesOf(log);

        Assert.Contains(series.Points, p => p is { Kind: SeriesPointKind.Revision, Target: 100m } && p.On == new DateOnly(2023, 6, 1));
        Assert.Contains(series.Points, p => p is { Kind: SeriesPointKind.Due, Target: 100m } && p.On == new DateOnly(2027, 6, 30));
    }
}
