using System.Net;
using Ledger.Api.Tests.Hosting;

namespace Ledger.Api.Tests.Parties;

[Collection(AnalyticsCollection.Name)]
public sealed class party_record(LedgerApi api)
{
    [Fact]
    public async Task a_party_record_spans_its_deals_per_status_rating_and_unit()
    {
        var party = $"China Railway {Guid.NewGuid():N}";
        async Task<string> DealWith(string title) => await api.RegisterDeal(new
        {
            title,
            parties = new object[]
            {
                new { name = "Democratic Republic of the Congo", kind = "state", country = "CD" },
                new { name = party, kind = "company", country = "CN" },
            },
            summary = "x", sources = new[] { Scenarios.Source() },
        });
        object Commitment(decimal amount, string unit, string dueOn) => new
        {
            promisor = party.ToUpperInvariant(), title = "Work", category = "roads", target = new { amount, unit }, dueOn, binding = true,
            madeOn = "2008-04-22", sources = new[] { Scenarios.Source() },
        };
        var first = await DealWith("First deal");
        var second = await DealWith("Second deal");
        var late = await api.MakeCommitment(first, Commitment(100, "km", "2020-01-01"));
        var later = await api.MakeCommitment(second, Commitment(5, "hospitals", "2019-12-01"));
        await api.MakeCommitment(second, Commitment(50, "km", "2040-01-01"));
        await api.WaitForEventsAsync(late, "deadline_passed");
        await api.WaitForEventsAsync(later, "deadline_passed");
        await api.WaitForProjectionsAsync();

        var record = await api.Anonymous().GetAsync($"/api/parties/{Uri.EscapeDataString(party.ToLowerInvariant())}/record").Expect(HttpStatusCode.OK);

        Assert.Equal(party, record.GetProperty("party").GetString());
        Assert.Equal(3, record.GetProperty("commitments").GetInt32());
        Assert.Equal(["First deal", "Second deal"], record.GetProperty("deals").EnumerateArray().Select(d => d.GetProperty("title").GetString()));
        Assert.Equal(2, record.GetProperty("byStatus").GetProperty("overdue").GetInt32());
        Assert.Equal(1, record.GetProperty("byStatus").GetProperty("not-started").GetInt32());
        Assert.Equal(2, record.GetProperty("byRating").GetProperty("broken").GetInt32());
        var units = record.GetProperty("byUnit").EnumerateArray().ToDictionary(u => u.GetProperty("unit").GetString()!);
        Assert.Equal(150m, units["km"].GetProperty("promised").GetDecimal());
        Assert.Equal(5m, units["hospitals"].GetProperty("promised").GetDecimal());
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var expectedMedian = ((today.DayNumber - new DateOnly(2020, 1, 1).DayNumber) + (today.DayNumber - new DateOnly(2019, 12, 1).DayNumber)) / 2m;
        Assert.Equal(expectedMedian, record.GetProperty("medianDaysOverdue").GetDecimal());

        var in2019 = await api.Anonymous().GetAsync($"/api/parties/{Uri.EscapeDataString(party)}/record?asOf=2019-06-01").Expect(HttpStatusCode.OK);
        Assert.Equal(0, in2019.GetProperty("byStatus").GetProperty("overdue").GetInt32());
        Assert.Equal(JsonValueKindNull, in2019.GetProperty("medianDaysOverdue").ValueKind);

        // The counts cover every commitment; the statuses come one page at a time, largest gap first.
        var url = $"/api/parties/{Uri.EscapeDataString(party)}/record";
        var firstPage = await api.Anonymous().GetAsync($"{url}?pageSize=2").Expect(HttpStatusCode.OK);
        Assert.Equal(3, firstPage.GetProperty("commitments").GetInt32());
        Assert.Equal(2, firstPage.GetProperty("byStatus").GetProperty("overdue").GetInt32());
        Assert.Equal(3, firstPage.GetProperty("total").GetInt64());
        Assert.Equal(2, firstPage.GetProperty("statuses").GetArrayLength());
        var secondPage = await api.Anonymous().GetAsync(firstPage.GetProperty("next").GetString()!).Expect(HttpStatusCode.OK);
        Assert.Equal(2, secondPage.GetProperty("page").GetInt32());
        Assert.Equal(JsonValueKindNull, secondPage.GetProperty("next").ValueKind);
        Assert.Equal(
            record.GetProperty("statuses").EnumerateArray().Select(s => s.GetProperty("id").GetString()),
            firstPage.GetProperty("statuses").EnumerateArray().Concat(secondPage.GetProperty("statuses").EnumerateArray())
                .Select(s => s.GetProperty("id").GetString()));
        Assert.Equal(3, record.GetProperty("statuses").GetArrayLength());
        Assert.Equal(JsonValueKindNull, record.GetProperty("next").ValueKind);
    }

    const System.Text.Json.JsonValueKind JsonValueKindNull = System.Text.Json.JsonValueKind.Null;

    [Fact]
    public async Task an_unknown_party_is_404_and_bad_dates_are_400()
    {
        await api.Anonymous().GetAsync($"/api/parties/{Guid.NewGuid():N}/record").ExpectProblem(HttpStatusCode.NotFound);
        await api.Anonymous().GetAsync("/api/parties/anyone/record?asOf=2024/01/01").ExpectProblem(HttpStatusCode.BadRequest, "asOf");
        await api.Anonymous().GetAsync("/api/parties/anyone/record?pageSize=1001").ExpectProblem(HttpStatusCode.BadRequest, "pageSize");
        await api.Anonymous().GetAsync("/api/parties/anyone/record?page=0&asOf=x")
            .ExpectProblem(HttpStatusCode.BadRequest, "page", "asOf");
    }
}
