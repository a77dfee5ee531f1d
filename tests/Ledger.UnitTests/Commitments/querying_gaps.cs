using System.Globalization;
using Ledger.Commitments;
using Ledger.Commitments.Facts;
using Ledger.Commitments.Gaps;
using Ledger.Commitments.Status;
using Ledger.Observations;
using Ledger.Observations.Corroborating;
using Ledger.TimeTravel;
using Ledger.UnitTests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Primitives;

namespace Ledger.UnitTests.Commitments;

public class querying_gaps
{
    static readonly PointInTime Now = new(Given.Today, null);

    static ProblemDetails Check(
        string? dealId = null, string? status = null, string? rating = null, string? unit = null, string? overdue = null, string? sort = null,
        string? order = null, string? page = null, string? pageSize = null, string? asOf = null, string? knownAt = null,
        string? format = null, string? verification = null) =>
        new GapsParameters(
            null, dealId, null, status, rating, unit, overdue, sort, order, page, pageSize, asOf, knownAt, format, verification)
            .Parse(TimeProvider.System).Problem;

    static ProblemDetails CheckOne(string field, string value) => field switch
    {
        "dealId" => Check(dealId: value),
        "status" => Check(status: value),
        "rating" => Check(rating: value),
        "unit" => Check(unit: value),
        "overdue" => Check(overdue: value),
        "sort" => Check(sort: value),
        "order" => Check(order: value),
        "page" => Check(page: value),
        "pageSize" => Check(pageSize: value),
        "asOf" => Check(asOf: value),
        "knownAt" => Check(knownAt: value),
        "format" => Check(format: value),
        "verification" => Check(verification: value),
        _ => throw new ArgumentOutOfRangeException(nameof(field)),
    };

    static GapsQuery From(
        string? party = null, string? dealId = null, string? category = null, string? status = null, string? rating = null, string? unit = null,
        string? overdue = null, string? sort = null, string? order = null, string? page = null, string? pageSize = null, PointInTime? when = null) =>
        new GapsParameters(
                party, dealId, category, status, rating, unit, overdue, sort, order, page, pageSize,
                Day(when ?? Now), Instant(when ?? Now), null)
            .Parse(TimeProvider.System).Query ?? throw new ArgumentException("not a valid query");

    static string Day(PointInTime when) => when.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    static string? Instant(PointInTime when) => when.KnownAt?.ToString("O", CultureInfo.InvariantCulture);

    [Fact]
    public void no_parameters_are_fine() => ProblemAssert.NoProblems(Check());

    [Fact]
    public void every_parameter_well_formed_is_fine() => ProblemAssert.NoProblems(Check(
        dealId: Given.DealId.ToString(), status: "overdue", rating: "in-the-works", unit: "usd", overdue: "true", sort: "dueOn", order: "DESC",
        page: "2", pageSize: "500", asOf: "2024-06-01", knownAt: "2024-06-01T12:00:00Z", format: "csv"));

    [Theory]
    [InlineData("sort", "gap")]
    [InlineData("sort", "Gap")]
    [InlineData("sort", "dueOn")]
    [InlineData("sort", "dueon")]
    [InlineData("sort", "due-on")]
    [InlineData("sort", "fulfilment")]
    [InlineData("order", "asc")]
    [InlineData("order", "Desc")]
    [InlineData("status", "not-started")]
    [InlineData("status", "Withdrawn")]
    [InlineData("rating", "not-yet-rated")]
    [InlineData("rating", "kept")]
    [InlineData("unit", "km")]
    [InlineData("unit", "health-centres")]
    [InlineData("overdue", "false")]
    [InlineData("page", "1")]
    [InlineData("pageSize", "1")]
    [InlineData("format", "json")]
    [InlineData("format", "CSV")]
    [InlineData("verification", "single-source")]
    [InlineData("verification", "Corroborated")]
    [InlineData("verification", "unverified")]
    [InlineData("knownAt", "2024-06-01T12:00:00+02:00")]
    public void a_well_formed_value_is_fine(string field, string value) => ProblemAssert.NoProblems(CheckOne(field, value));

    [Theory]
    [InlineData("sort", "size")]
    [InlineData("sort", "")]
    [InlineData("order", "up")]
    [InlineData("status", "late")]
    [InlineData("status", "in_progress")]
    [InlineData("rating", "promise-kept")]
    [InlineData("unit", "parsecs")]
    [InlineData("overdue", "yes")]
    [InlineData("format", "xml")]
    [InlineData("verification", "verified")]
    [InlineData("verification", "single_source")]
    [InlineData("pageSize", "0")]
    [InlineData("pageSize", "501")]
    [InlineData("pageSize", "10000")]
    [InlineData("pageSize", "ten")]
    [InlineData("page", "0")]
    [InlineData("page", "-1")]
    [InlineData("page", "1.5")]
    [InlineData("dealId", "not-a-deal")]
    [InlineData("dealId", "12345")]
    [InlineData("asOf", "2024-13-01")]
    [InlineData("asOf", "01/06/2024")]
    [InlineData("asOf", "2024-6-1")]
    [InlineData("asOf", "2024-06-01T00:00:00Z")]
    [InlineData("knownAt", "2024-06-01T12:00:00")]
    [InlineData("knownAt", "2024-06-01")]
    [InlineData("knownAt", "garbage")]
    public void a_malformed_value_is_named_in_the_errors(string field, string value) => ProblemAssert.InvalidFields(CheckOne(field, value), field);

    [Theory]
    [InlineData("2147483647", null)]
    [InlineData("42949674", "50")]
    [InlineData("4294969", "500")]
    public void a_page_beyond_any_possible_offset_is_refused(string page, string? pageSize)
    {
        var errors = ProblemAssert.InvalidFields(Check(page: page, pageSize: pageSize), "page");

        Assert.StartsWith("must be at most", Assert.Single(errors["page"]));
    }

    [Theory]
    [InlineData("42949673", null)]
    [InlineData("4294968", "500")]
    [InlineData("2147483647", "1")]
    public void the_last_possible_page_is_fine(string page, string? pageSize) => ProblemAssert.NoProblems(Check(page: page, pageSize: pageSize));

    [Fact]
    public void every_malformed_value_is_named_at_once() =>
        ProblemAssert.InvalidFields(
            Check(dealId: "x", status: "x", rating: "x", unit: "x", overdue: "x", sort: "x", order: "x", page: "0", pageSize: "0",
                asOf: "x", knownAt: "x", format: "x"),
            "dealId", "status", "rating", "unit", "overdue", "sort", "order", "page", "pageSize", "asOf", "knownAt", "format");

    [Fact]
    public void the_errors_say_what_would_be_accepted()
    {
        var errors = ProblemAssert.InvalidFields(Check(sort: "size", pageSize: "10000"), "sort", "pageSize");

        Assert.Equal(["must be unit, gap, dueOn or fulfilment"], errors["sort"]);
        Assert.Equal(["must be a whole number between 1 and 500"], errors["pageSize"]);
    }

    [Fact]
    public void by_default_gaps_are_ranked_within_each_unit_largest_first_fifty_to_a_page()
    {
        var query = From();

        Assert.Equal((GapSort.Unit, true, 1, 50), (query.Sort, query.Descending, query.Page, query.PageSize));
        Assert.Equal(new GapsQuery(null, null, null, null, null, null, null, GapSort.Unit, true, 1, 50, Now), query);
    }

    [Theory]
    [InlineData("gap", null, GapSort.Gap, true)]
    [InlineData("dueOn", null, GapSort.DueOn, false)]
    [InlineData("due-on", null, GapSort.DueOn, false)]
    [InlineData("fulfilment", null, GapSort.Fulfilment, false)]
    [InlineData("gap", "asc", GapSort.Gap, false)]
    [InlineData(null, "asc", GapSort.Unit, false)]
    [InlineData("unit", null, GapSort.Unit, true)]
    [InlineData("dueOn", "desc", GapSort.DueOn, true)]
    [InlineData("fulfilment", "DESC", GapSort.Fulfilment, true)]
    [InlineData("gap", "Desc", GapSort.Gap, true)]
    public void each_sort_has_its_natural_order_and_an_explicit_order_wins(string? sort, string? order, GapSort expectedSort, bool descending)
    {
        var query = From(sort: sort, order: order);

        Assert.Equal((expectedSort, descending), (query.Sort, query.Descending));
    }

    [Fact]
    public void filters_are_read_in_the_ledgers_own_spelling()
    {
        var when = new PointInTime(new DateOnly(2024, 6, 1), new DateTimeOffset(2024, 7, 1, 0, 0, 0, TimeSpan.Zero));

        var query = From(party: "Sinohydro", dealId: Given.DealId.ToString(), category: " Roads ", status: "overdue", rating: "in-the-works",
            unit: "usd", overdue: "True", page: "3", pageSize: "20", when: when);

        Assert.Equal(
            new GapsQuery("Sinohydro", Given.DealId, "roads", DeliveryStatus.Overdue, Rating.InTheWorks, "USD", true, GapSort.Unit, true, 3, 20, when),
            query);
    }

    [Fact]
    public void the_verification_filter_is_read_and_applied_to_statuses_computed_in_memory()
    {
        var query = new GapsParameters(null, null, null, null, null, null, null, null, null, null, null, null, null, null, "contested")
            .Parse(TimeProvider.System).Query!;
        var status = CommitmentStatus.Of(Given.FactsOf(Given.Roads(), Given.Observed(Given.Today.AddDays(-3), 40m)), Given.Today, null)!;

        Assert.Equal(Verification.Contested, query.Verification);
        Assert.False(query.Matches(status));
        Assert.True(query.Matches(status with { Verification = Verification.Contested }));
        Assert.Null(From().Verification);
    }

    [Fact]
    public void a_web_form_leaves_its_empty_fields_unset_and_links_back_with_the_apis_names()
    {
        var form = GapsParameters.FromForm(new QueryCollection(new Dictionary<string, StringValues>
        {
            ["party"] = "Sinohydro", ["asOf"] = "", ["pageSize"] = "20",
        }));

        Assert.Null(form.AsOf);
        Assert.Equal("20", form["pageSize"]);
        Assert.Equal([new("party", "Sinohydro"), new("pageSize", "20")], form.Given());
    }

    [Fact]
    public void blank_party_and_category_filter_nothing()
    {
        var query = From(party: "  ", category: "");

        Assert.Null(query.Party);
        Assert.Null(query.Category);
    }

    static readonly CommitmentStatus Roads = CommitmentStatus.Of(Given.FactsOf(Given.Roads()), Given.Today, null)!;

    [Fact]
    public void no_filter_matches_everything() => Assert.True(From().Matches(Roads));

    [Theory]
    [InlineData("Sinohydro", true)]
    [InlineData("  sinoHYDRO ", true)]
    [InlineData("Sino", false)]
    [InlineData("China Railway", false)]
    public void the_party_is_matched_whatever_its_case_and_spaces(string party, bool matches) =>
        Assert.Equal(matches, From(party: party).Matches(Roads));

    [Fact]
    public void the_deal_category_and_unit_are_matched()
    {
        Assert.True(From(dealId: Given.DealId.ToString(), category: "ROADS", unit: "KM").Matches(Roads));
        Assert.False(From(dealId: Guid.NewGuid().ToString()).Matches(Roads));
        Assert.False(From(category: "hospitals").Matches(Roads));
        Assert.False(From(unit: "m").Matches(Roads));
        Assert.False(From(category: "roads").Matches(Roads with { Category = "rail" }));
    }

    [Fact]
    public void status_rating_and_overdue_are_matched()
    {
        var overdue = Roads with { Status = DeliveryStatus.Overdue, Rating = Rating.Broken };

        Assert.True(From(status: "overdue", rating: "broken", overdue: "true").Matches(overdue));
        Assert.False(From(status: "not-started").Matches(overdue));
        Assert.False(From(rating: "stalled").Matches(overdue));
        Assert.False(From(overdue: "false").Matches(overdue));
        Assert.True(From(overdue: "false").Matches(Roads));
        Assert.False(From(overdue: "true").Matches(Roads));
    }

    static CommitmentStatus Row(int id, decimal gap = 10m, decimal fulfilment = 0.5m, DateOnly? dueOn = null) =>
        Roads with { Id = new Guid($"00000000-0000-7000-8000-{id:D12}"), Gap = gap, Fulfilment = fulfilment, DueOn = dueOn };

    static int[] Ids(IEnumerable<CommitmentStatus> rows) => [.. rows.Select(r => int.Parse(r.Id.ToString()[^12..]))];

    [Fact]
    public void by_default_the_largest_gap_comes_first() =>
        Assert.Equal([2, 3, 1], Ids(From().Order([Row(1, gap: 10m), Row(2, gap: 50m), Row(3, gap: 30m)])));

    [Fact]
    public void ties_are_broken_by_id_in_either_direction_whatever_the_input_order()
    {
        CommitmentStatus[] rows = [Row(3), Row(1, gap: 99m), Row(2), Row(4)];

        Assert.Equal([1, 2, 3, 4], Ids(From().Order(rows)));
        Assert.Equal([2, 3, 4, 1], Ids(From(order: "asc").Order(rows)));
        Assert.Equal([2, 3, 4, 1], Ids(From(order: "asc").Order(rows.Reverse())));
    }

    [Fact]
    public void commitments_without_a_due_date_come_after_every_dated_one()
    {
        CommitmentStatus[] rows = [Row(1), Row(2, dueOn: new DateOnly(2030, 1, 1)), Row(3, dueOn: new DateOnly(2020, 1, 1)), Row(4)];

        Assert.Equal([3, 2, 1, 4], Ids(From(sort: "dueOn").Order(rows)));
        Assert.Equal([1, 4, 2, 3], Ids(From(sort: "dueOn", order: "desc").Order(rows)));
    }

    [Fact]
    public void by_fulfilment_the_least_fulfilled_comes_first() =>
        Assert.Equal([2, 3, 1], Ids(From(sort: "fulfilment").Order([Row(1, fulfilment: 1m), Row(2, fulfilment: 0m), Row(3, fulfilment: 0.25m)])));

    /// <summary>The day of the latest recorded event in <see cref="Given.FactsOf"/>: the day the stored figures describe.</summary>
    static readonly DateOnly Horizon = DateOnly.FromDateTime(Given.Now.AddDays(-1).UtcDateTime);

    static CommitmentFacts Facts(int id, Commitment commitment, params Observation[] observations) =>
        Given.FactsOf(commitment with { Id = new Guid($"00000000-0000-7000-8000-{id:D12}") }, observations);

    /// <summary>One commitment for each rating, with the stalled boundary on both sides.</summary>
    static readonly CommitmentFacts[] EveryRating =
    [
        Facts(1, Given.Roads(), Given.Observed(Horizon.AddDays(-3), 100m)),
        Facts(2, Given.Roads().Apply(Given.Revised(Horizon.AddYears(-1), km: 50m)), Given.Observed(Horizon.AddDays(-3), 50m)),
        Facts(3, Given.Roads().Apply(new CommitmentWithdrawn(Given.CommitmentId, Horizon.AddDays(-1), "Abandoned", [Given.Source()]))),
        Facts(4, Given.Roads(dueOn: Horizon.AddDays(-1))),
        Facts(5, Given.Roads(dueOn: Horizon.AddYears(-2)), Given.Observed(Horizon.AddDays(-365), 40m)),
        Facts(6, Given.Roads(dueOn: Horizon.AddYears(-2)), Given.Observed(Horizon.AddDays(-364), 40m)),
        Facts(7, Given.Roads().Apply(Given.Claimed(10m, Horizon.AddDays(-5)))),
        Facts(8, Given.Roads(dueOn: Horizon)),
        Facts(9, Given.Roads(noDueDate: true), Given.Observed(Horizon.AddDays(-3), 20m, ModerationStatus.Pending)),
    ];

    [Theory]
    [InlineData("kept", new[] { 1 })]
    [InlineData("compromise", new[] { 2 })]
    [InlineData("broken", new[] { 3, 4 })]
    [InlineData("stalled", new[] { 5 })]
    [InlineData("in-the-works", new[] { 6, 7 })]
    [InlineData("not-yet-rated", new[] { 8, 9 })]
    public void the_stored_column_rating_filter_agrees_with_the_rating_rules(string rating, int[] expected)
    {
        var query = From(rating: rating, when: new PointInTime(Horizon, null));
        var rows = EveryRating.Select(TrackedCommitment.From).ToList();

        var byRules = EveryRating.Select(f => CommitmentStatus.Of(f, Horizon, null)!).Where(query.Matches);
        var byColumns = query.Filter(rows.AsQueryable()).OrderBy(x => x.Id).Select(x => x.Facts);

        Assert.Equal(expected, Ids(byRules));
        Assert.Equal(expected, Ids(byColumns.Select(f => CommitmentStatus.Of(f, Horizon, null)!)));
    }

    [Theory]
    [InlineData("overdue", null)]
    [InlineData(null, "true")]
    [InlineData(null, "false")]
    [InlineData("delivered", null)]
    public void the_stored_column_filters_agree_with_matching(string? status, string? overdue)
    {
        var query = From(party: "SINOHYDRO", category: "roads", unit: "km", dealId: Given.DealId.ToString(), status: status, overdue: overdue,
            when: new PointInTime(Horizon, null));

        var byRules = EveryRating.Select(f => CommitmentStatus.Of(f, Horizon, null)!).Where(query.Matches).Select(s => s.Id);
        var byColumns = query.Filter(EveryRating.Select(TrackedCommitment.From).AsQueryable()).Select(x => x.Id);

        Assert.Equal(byRules.Order(), byColumns.Order());
        Assert.NotEmpty(byRules);
    }

    [Theory]
    [InlineData("gap", "desc")]
    [InlineData("gap", "asc")]
    [InlineData("dueOn", "asc")]
    [InlineData("dueOn", "desc")]
    [InlineData("fulfilment", "asc")]
    [InlineData("fulfilment", "desc")]
    public void the_stored_column_order_agrees_with_the_order_in_memory(string sort, string order)
    {
        var query = From(sort: sort, order: order, when: new PointInTime(Horizon, null));

        var inMemory = query.Order(EveryRating.Select(f => CommitmentStatus.Of(f, Horizon, null)!)).Select(s => s.Id);
        var byColumns = query.Order(EveryRating.Select(TrackedCommitment.From).AsQueryable()).Select(x => x.Id);

        Assert.Equal(inMemory, byColumns);
    }

    [Theory]
    [InlineData(null, null, "1", "5")]
    [InlineData("dueOn", "asc", "3", "4")]
    [InlineData("fulfilment", "desc", "7", "3")]
    [InlineData(null, "asc", "40", "5")] // beyond the last row: an empty page, the full total
    public void a_page_kept_from_streamed_rows_is_the_page_of_the_fully_sorted_rows(string? sort, string? order, string page, string pageSize)
    {
        var random = new Random(11);
        var rows = Enumerable.Range(1, 120).Select(i => Row(i, gap: random.Next(0, 20), fulfilment: random.Next(0, 4) / 4m,
            dueOn: random.Next(3) == 0 ? null : new DateOnly(2030, 1, 1).AddDays(random.Next(0, 30)))).ToList();
        var query = From(sort: sort, order: order, page: page, pageSize: pageSize);

        var leading = new LeadingRows(query, slack: 0); // no slack: the kept rows are cut down again and again
        foreach (var row in rows) leading.Add(row);

        var expected = query.Order(rows).Skip((query.Page - 1) * query.PageSize).Take(query.PageSize);
        Assert.Equal(Ids(expected), Ids(leading.Page()));
        Assert.Equal(rows.Count, leading.Total);
    }

    [Theory]
    [InlineData(null, null, null)]
    [InlineData("overdue", "true", "corroborated")]
    [InlineData("in-progress", "false", null)]
    [InlineData(null, "false", "contested")]
    public void the_kept_counts_give_the_total_of_the_status_overdue_and_verification_filters_as_the_rows_filter_would(
        string? status, string? overdue, string? verification)
    {
        var query = From(status: status, overdue: overdue) with
        {
            Verification = verification is null ? null : Enum.Parse<Verification>(verification, ignoreCase: true),
        };
        var rows = (from s in Enum.GetValues<DeliveryStatus>() from v in Enum.GetValues<Verification>()
                    select new TrackedCommitment { Status = s, Verification = v }).ToList();

        Assert.True(query.TotalIsCounted);
        Assert.Equal(query.Filter(rows.AsQueryable()).ToList(),
            rows.Where(r => query.Matches(r.Status, r.Verification)));
    }

    [Theory]
    [InlineData("party", "Builder 1")]
    [InlineData("dealId", "0193a6c0-0000-7000-8000-000000000001")]
    [InlineData("category", "roads")]
    [InlineData("unit", "km")]
    [InlineData("rating", "stalled")]
    public void a_party_deal_category_unit_or_rating_is_counted_over_the_rows(string field, string value)
    {
        var query = field switch
        {
            "party" => From(party: value, status: "overdue"),
            "dealId" => From(dealId: value),
            "category" => From(category: value),
            "unit" => From(unit: value),
            _ => From(rating: value),
        };

        Assert.False(query.TotalIsCounted);
    }
}
