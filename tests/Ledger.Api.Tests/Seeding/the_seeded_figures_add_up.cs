using System.Net;
using System.Text.Json;
using Ledger.Api.Tests.Hosting;
using Ledger.Seeding;

namespace Ledger.Api.Tests.Seeding;

/// <summary>
/// Every total the seeded pages and scorecards show, and why a careful analyst would sign it. The 2008 annex comes in two
/// versions (A: deskeco.com; B: cas-info.ca) that are alternatives of one list: each total counts the group once, as the
/// range from its smallest version to its largest.
/// </summary>
[Collection(SeedsCollection.Name)]
public sealed class the_seeded_figures_add_up(SeededLedgerApi api)
{
    static string Id(string seedCase, string key) => SeedPlanner.IdOf(seedCase, key).ToString();

    async Task<Dictionary<string, JsonElement>> ByUnit(string dealId)
    {
        var card = await api.Anonymous().GetAsync($"/api/deals/{dealId}/scorecard").Expect(HttpStatusCode.OK);
        return card.GetProperty("byUnit").EnumerateArray().ToDictionary(u => u.GetProperty("unit").GetString()!);
    }

    static (decimal Low, decimal High) Promised(JsonElement unit) =>
        (unit.GetProperty("promised").GetDecimal(), unit.GetProperty("upTo").GetProperty("promised").GetDecimal());

    [Fact]
    public async Task sicomines_kilometres_are_a_range_from_version_b_to_version_a_never_their_sum()
    {
        var km = (await ByUnit(Id("sicomines-2008", "convention-2008")))["km"];

        Assert.Equal("range", km.GetProperty("counted").GetString());
        // Version B: 3,700 km of railway, no roads; version A: 3,213 km of railway + 3,402 km of roads + 45 km of urban
        // roads = 6,660 km. Not 10,360 km: that added both versions of one list.
        Assert.Equal((3_700m, 6_660m), Promised(km));
        var annex = Assert.Single(km.GetProperty("alternatives").EnumerateArray());
        Assert.Equal("annex-2008", annex.GetProperty("group").GetString());
        Assert.Equal(("version B", "version A"), (annex.GetProperty("min").GetString(), annex.GetProperty("max").GetString()));
        Assert.Equal(4, km.GetProperty("commitments").GetInt32());
    }

    [Fact]
    public async Task sicomines_counts_of_different_things_are_each_in_their_own_unit_and_range()
    {
        var units = await ByUnit(Id("sicomines-2008", "convention-2008"));

        // Version A counts 5,000 buildings (deskeco.com), version B 5,000 social housing units (cas-info.ca): each is
        // promised only if its version is the list, so 0 to 5,000 each; never "items: 5,004" with dams and airports.
        Assert.Equal((0m, 5_000m), Promised(units["buildings"]));
        Assert.Equal((0m, 5_000m), Promised(units["housing-units"]));
        // Version B alone names the Katende and Kakobola dams and the Goma and Bukavu airports.
        Assert.Equal((0m, 2m), Promised(units["dams"]));
        Assert.Equal((0m, 2m), Promised(units["airports"]));
        // Version B: 145 health centres, 31 hospitals, 2 universities.
        Assert.Equal((0m, 145m), Promised(units["health-centres"]));
        Assert.Equal((0m, 31m), Promised(units["hospitals"]));
        Assert.Equal((0m, 2m), Promised(units["universities"]));
        Assert.DoesNotContain("items", units.Keys);
    }

    [Fact]
    public async Task sicomines_dollars_are_the_financing_as_revised_in_2024_with_the_audit_verified()
    {
        var usd = (await ByUnit(Id("sicomines-2008", "convention-2008")))["USD"];

        // One commitment, outside the annex's versions: $6.565bn in 2008 (deskeco.com), $7bn since the 2024 amendment
        // (kt.cd); the IGF saw $822m spent in February 2023.
        Assert.Equal("sum", usd.GetProperty("counted").GetString());
        Assert.Equal(7_000_000_000m, usd.GetProperty("promised").GetDecimal());
        Assert.Equal(6_565_000_000m, usd.GetProperty("originalPromised").GetDecimal());
        Assert.Equal(822_000_000m, usd.GetProperty("verified").GetDecimal());
        Assert.Equal(JsonValueKind.Null, usd.GetProperty("upTo").ValueKind);
    }

    [Fact]
    public async Task ukraine_percentages_are_shown_per_commitment_never_as_a_total()
    {
        var percent = (await ByUnit(Id("ukraine-us-2025", "reconstruction-investment-fund")))["percent"];

        // Two separate 50 % terms (50/50 governance; 50 % of new licences' revenue): "100 %" would mean nothing.
        Assert.Equal("per-commitment", percent.GetProperty("counted").GetString());
        Assert.Equal(JsonValueKind.Null, percent.GetProperty("promised").ValueKind);
        Assert.Equal([50m, 50m], percent.GetProperty("perCommitment").EnumerateArray().Select(c => c.GetProperty("target").GetDecimal()));
    }

    [Fact]
    public async Task drc_us_milestones_add_up_as_seven_dated_obligations()
    {
        var milestones = (await ByUnit(Id("drc-us-2025", "minerals-for-security")))["milestones"];

        // Seven obligations of one milestone each, none reported delivered by any source.
        Assert.Equal("sum", milestones.GetProperty("counted").GetString());
        Assert.Equal(7m, milestones.GetProperty("promised").GetDecimal());
        Assert.Equal(0m, milestones.GetProperty("verified").GetDecimal());
    }

    [Theory]
    [InlineData("Sicomines")]
    [InlineData("sino-congolaise des mines")]
    [InlineData("Chinese consortium")]
    public async Task every_alias_finds_the_consortiums_gaps_and_record(string name)
    {
        await api.WaitForProjectionsAsync();
        var gaps = await api.Anonymous().GetAsync($"/api/gaps?party={Uri.EscapeDataString(name)}&pageSize=500").Expect(HttpStatusCode.OK);
        var record = await api.Anonymous().GetAsync($"/api/parties/{Uri.EscapeDataString(name)}/record").Expect(HttpStatusCode.OK);

        // The twelve Sicomines commitments, recorded under the name the signing's source gives the promisor.
        Assert.Equal(12, gaps.GetProperty("total").GetInt64());
        Assert.Equal("Chinese consortium", record.GetProperty("party").GetString());
        Assert.Equal(["Sicomines", "Sino-Congolaise des Mines"], record.GetProperty("aliases").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(12, record.GetProperty("commitments").GetInt32());
        var km = record.GetProperty("byUnit").EnumerateArray().Single(u => u.GetProperty("unit").GetString() == "km");
        Assert.Equal((3_700m, 6_660m), Promised(km));
    }

    [Fact]
    public async Task the_party_page_shows_the_same_figures_as_the_record()
    {
        var page = await api.Anonymous().GetStringAsync("/parties/Sicomines?lang=en");

        Assert.Contains("<h1>Chinese consortium</h1>", page);
        Assert.Contains("3,700 – 6,660", page);
        Assert.Contains("annex-2008: version A", page);
        Assert.Contains("annex-2008: version B", page);
    }

    [Fact]
    public async Task gaps_are_ranked_within_a_unit_by_default_and_say_so()
    {
        await api.WaitForProjectionsAsync();
        var gaps = await api.Anonymous().GetAsync("/api/gaps?pageSize=500").Expect(HttpStatusCode.OK);

        Assert.Equal("unit", gaps.GetProperty("sort").GetString());
        Assert.Contains("within each unit", gaps.GetProperty("ranking").GetString());
        var rows = gaps.GetProperty("items").EnumerateArray()
            .Select(i => (Unit: i.GetProperty("unit").GetString()!, Gap: i.GetProperty("gap").GetDecimal())).ToList();
        // Each unit's rows together, largest gap first within it: USD is never ranked against housing units.
        Assert.Equal(rows.Select(r => r.Unit).Distinct().Count(), rows.Select((r, i) => i == 0 || rows[i - 1].Unit != r.Unit).Count(b => b));
        foreach (var unit in rows.GroupBy(r => r.Unit))
            Assert.Equal(unit.Select(r => r.Gap).OrderDescending(), unit.Select(r => r.Gap));
    }

    [Fact]
    public async Task a_curator_registers_a_unit_once_and_a_target_may_then_use_it()
    {
        var curator = await api.ClientWithRole("curator");
        var bridges = new { code = "bridges", kind = "count", english = "bridges", french = "ponts", additive = true };

        await curator.Post("/api/units", bridges).Expect(HttpStatusCode.Created);
        var again = await curator.Post("/api/units", bridges).Expect(HttpStatusCode.Conflict);
        var units = await api.Anonymous().GetAsync("/api/units").Expect(HttpStatusCode.OK);
        var percentAdded = await curator.Post("/api/units", new { code = "share", kind = "percentage", english = "share",
            french = "part", additive = true }).Expect(HttpStatusCode.BadRequest);
        var observer = await api.ClientWithRole("observer");

        Assert.Contains("already", again.GetProperty("detail").GetString());
        var registered = units.EnumerateArray().Single(u => u.GetProperty("code").GetString() == "bridges");
        Assert.True(registered.GetProperty("additive").GetBoolean());
        Assert.False(units.EnumerateArray().Single(u => u.GetProperty("code").GetString() == "items").GetProperty("additive").GetBoolean());
        Assert.True(percentAdded.GetProperty("errors").TryGetProperty("additive", out _));
        await observer.Post("/api/units", new { code = "ferries", kind = "count", english = "ferries", french = "bacs", additive = true })
            .Expect(HttpStatusCode.Forbidden);
        var gapsInBridges = await api.Anonymous().GetAsync("/api/gaps?unit=BRIDGES").Expect(HttpStatusCode.OK);
        Assert.Equal(0, gapsInBridges.GetProperty("total").GetInt64());
    }
}
