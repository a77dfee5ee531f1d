using Ledger.Commitments.Status;
using Ledger.Infrastructure;
using Ledger.Infrastructure.Validation;
using Ledger.TimeTravel;
using Ledger.UnitTests.Support;

namespace Ledger.UnitTests.TimeTravel;

public class reading_points_in_time
{
    static readonly FixedClock Clock = new(Given.Now);

    static DateTimeOffset? KnownAt(string knownAt)
    {
        ProblemAssert.NoProblems(PointInTime.Check(null, knownAt));
        return PointInTime.From(null, knownAt, Clock).KnownAt;
    }

    [Fact]
    public void without_either_it_is_today_as_everything_recorded_knows_it()
    {
        ProblemAssert.NoProblems(PointInTime.Check(null, null));
        Assert.Equal(new PointInTime(Given.Today, null), PointInTime.From(null, null, Clock));
    }

    [Fact]
    public void today_is_the_utc_day()
    {
        var lateEvening = new FixedClock(new DateTimeOffset(2025, 6, 15, 21, 0, 0, TimeSpan.FromHours(-5)));

        Assert.Equal(new DateOnly(2025, 6, 16), PointInTime.From(null, null, lateEvening).AsOf);
    }

    [Fact]
    public void as_of_is_a_day() => Assert.Equal(new DateOnly(2024, 2, 29), PointInTime.From("2024-02-29", null, Clock).AsOf);

    [Theory]
    [InlineData("2024-13-01")]
    [InlineData("2023-02-29")]
    [InlineData("01/06/2024")]
    [InlineData("2024-6-1")]
    [InlineData("20240601")]
    [InlineData("2024-06-01T00:00:00Z")]
    [InlineData("today")]
    [InlineData("")]
    public void as_of_anything_but_a_calendar_day_is_refused(string asOf) =>
        ProblemAssert.InvalidFields(PointInTime.Check(asOf, null), "asOf");

    [Fact]
    public void known_at_in_utc() => Assert.Equal(new DateTimeOffset(2024, 6, 1, 12, 0, 0, TimeSpan.Zero), KnownAt("2024-06-01T12:00:00Z"));

    [Fact]
    public void known_at_with_fractions_of_a_second() =>
        Assert.Equal(new DateTimeOffset(2024, 6, 1, 12, 0, 0, 250, TimeSpan.Zero), KnownAt("2024-06-01T12:00:00.25Z"));

    [Fact]
    public void known_at_with_a_positive_offset_is_the_same_instant_in_utc()
    {
        var instant = KnownAt("2024-06-01T12:00:00+02:00");

        Assert.Equal(new DateTimeOffset(2024, 6, 1, 10, 0, 0, TimeSpan.Zero), instant);
        Assert.Equal(TimeSpan.Zero, instant!.Value.Offset);
    }

    [Fact]
    public void a_plus_that_arrived_as_a_space_is_read_as_a_plus() =>
        Assert.Equal(new DateTimeOffset(2024, 6, 1, 10, 0, 0, TimeSpan.Zero), KnownAt("2024-06-01T12:00:00 02:00"));

    [Fact]
    public void known_at_with_a_negative_offset() =>
        Assert.Equal(new DateTimeOffset(2024, 6, 1, 17, 0, 0, TimeSpan.Zero), KnownAt("2024-06-01T12:00:00-05:00"));

    [Fact]
    public void surrounding_spaces_are_ignored() => Assert.Equal(new DateTimeOffset(2024, 6, 1, 12, 0, 0, TimeSpan.Zero), KnownAt(" 2024-06-01T12:00:00Z "));

    [Theory]
    [InlineData("2024-06-01")]
    [InlineData("2024-06-01Z")]
    [InlineData("2024-06-01T12:00:00")]
    [InlineData("2024-06-01 12:00:00Z")]
    [InlineData("garbage")]
    [InlineData("yesterday Z")]
    [InlineData("2024-06-31T12:00:00Z")]
    [InlineData("2024-06-01T25:00:00Z")]
    [InlineData("0001-01-01T00:00:00Z")]
    [InlineData("")]
    public void known_at_anything_but_an_instant_with_a_time_zone_is_refused(string knownAt) =>
        ProblemAssert.InvalidFields(PointInTime.Check(null, knownAt), "knownAt");

    [Fact]
    public void both_malformed_are_both_named() => ProblemAssert.InvalidFields(PointInTime.Check("2024-13-01", "2024-06-01"), "asOf", "knownAt");

    [Fact]
    public void the_errors_join_those_already_found()
    {
        var errors = new FieldErrors().Add("page", "must be a whole number, 1 or more");

        ProblemAssert.InvalidFields(PointInTime.Check("01/06/2024", null, errors), "page", "asOf");
    }

    [Fact]
    public void both_axes_together() =>
        Assert.Equal(new PointInTime(new DateOnly(2020, 1, 1), new DateTimeOffset(2024, 6, 1, 12, 0, 0, TimeSpan.Zero)),
            PointInTime.From("2020-01-01", "2024-06-01T12:00:00Z", Clock));

    [Fact]
    public void only_today_as_everything_recorded_knows_it_is_now()
    {
        Assert.True(new PointInTime(Given.Today, null).IsNow(Given.Today));
        Assert.False(new PointInTime(Given.Today.AddDays(-1), null).IsNow(Given.Today));
        Assert.False(new PointInTime(Given.Today, Given.Now).IsNow(Given.Today));
    }

    [Theory]
    [InlineData(DeliveryStatus.NotStarted, "not-started")]
    [InlineData(DeliveryStatus.InProgress, "in-progress")]
    [InlineData(DeliveryStatus.Withdrawn, "withdrawn")]
    [InlineData(Rating.NotYetRated, "not-yet-rated")]
    [InlineData(Rating.InTheWorks, "in-the-works")]
    public void values_are_named_in_kebab_case(object value, string name) => Assert.Equal(name, value switch
    {
        DeliveryStatus status => Names.Of(status),
        Rating rating => Names.Of(rating),
        _ => throw new ArgumentOutOfRangeException(nameof(value)),
    });

    [Theory]
    [InlineData("in-the-works", true)]
    [InlineData(" In-The-Works ", true)]
    [InlineData("InTheWorks", false)]
    [InlineData("in_the_works", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void names_are_read_whatever_their_case(string? text, bool known)
    {
        Assert.Equal(known, Names.TryParse<Rating>(text, out var rating));
        Assert.Equal(known ? Rating.InTheWorks : default, rating);
    }

    [Fact]
    public void the_known_names_are_listed_in_order() =>
        Assert.Equal("not-started, in-progress, overdue, delivered, withdrawn", Names.Known<DeliveryStatus>());
}
