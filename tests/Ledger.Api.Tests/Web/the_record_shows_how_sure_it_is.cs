using System.Net;
using Ledger.Api.Tests.Hosting;
using Ledger.Seeding;

namespace Ledger.Api.Tests.Web;

/// <summary>The pages print dates as precisely as the seeds give them, show each source's marks, and chart promises over time.</summary>
[Collection(WebCollection.Name)]
public sealed class the_record_shows_how_sure_it_is(SeededLedgerApi api)
{
    static string Id(string key) => SeedPlanner.IdOf("sicomines-2008", key).ToString();

    [Fact]
    public async Task the_commitment_page_charts_the_promise_over_time_with_each_point_linked_to_its_source()
    {
        var (status, html) = await new WebClient(api).GetAsync($"/commitments/{Id("infrastructure-financing")}?lang=en");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("<svg class=\"series-chart\" role=\"img\"", html);
        Assert.Contains("<title id=\"series-title\">", html);
        Assert.Contains("<desc id=\"series-desc\">", html);
        Assert.Contains("class=\"baseline\"", html);
        Assert.Contains("class=\"due\"", html);
        Assert.Contains("class=\"today\"", html);
        Assert.Contains("<a href=\"https://www.bizcommunity.com/Article/51/604/236077.html\"", html);
        Assert.Contains("<a href=\"https://kt.cd/2024/03/14/", html);
        Assert.DoesNotContain("<script", html);
        // The table beside the chart, dated as the sources date each statement.
        Assert.Contains("<tr data-kind=\"baseline\" data-sequence=", html);
        Assert.Contains("<td>2008</td><td>baseline</td>", html);
        Assert.Contains("<td>Oct 2009</td><td>amendment</td>", html);
        Assert.Contains("<td>16 Feb 2023</td><td>verified</td>", html);
        Assert.DoesNotContain("1 Jan 2008", html);
    }

    [Fact]
    public async Task the_history_names_event_kinds_in_the_page_language_and_dates_them_at_their_precision()
    {
        var page = $"/commitments/{Id("infrastructure-financing")}";
        var (_, english) = await new WebClient(api).GetAsync($"{page}?lang=en");
        var (_, french) = await new WebClient(api).GetAsync($"{page}?lang=fr");

        Assert.Contains("<tr data-type=\"commitment_made\">", english);
        Assert.Contains("<td>commitment made</td><td>2008</td>", english);
        Assert.Contains("<td>engagement pris</td><td>2008</td>", french);
        Assert.Contains("<td>oct. 2009</td><td>avenant</td>", french);
    }

    [Fact]
    public async Task sources_show_publisher_date_and_the_unverified_mark_with_its_note()
    {
        var (_, commitment) = await new WebClient(api).GetAsync($"/commitments/{Id("infrastructure-financing")}?lang=en");
        var (_, deal) = await new WebClient(api).GetAsync($"/deals/{Id("convention-2008")}?lang=en");

        Assert.Contains("(congonewschannel.blogspot.com, 1 Oct 2009) <span class=\"unverified\">unverified</span>", commitment);
        Assert.Contains("<span class=\"source-note\">— blog; month from the URL, day not known</span>", commitment);
        Assert.Contains("<strong class=\"unverified\">Unverified sources only</strong>", commitment);
        Assert.Contains("signed 22 Apr 2008", deal);
        Assert.Contains("<time datetime=\"2017-01-01\">2017</time>", deal);
        Assert.Contains("<time datetime=\"2009-10-01\">Oct 2009</time>", deal);
        Assert.DoesNotContain(">1 Jan 2017<", deal);
        Assert.Contains("<svg class=\"series-chart\"", deal);
        Assert.Contains("id=\"series-USD\"", deal);
    }

    [Fact]
    public async Task a_figure_resting_only_on_unverified_sources_is_marked()
    {
        // The original $6.565bn annex figure rests on one unverified source; the 2024 $7bn on kt.cd, not marked unverified.
        var (_, railway) = await new WebClient(api).GetAsync($"/commitments/{Id("railway-annex-a")}?lang=en");
        var (_, infrastructure) = await new WebClient(api).GetAsync($"/commitments/{Id("infrastructure-financing")}?lang=en");

        Assert.Contains("<td class=\"muted\"> <span class=\"unverified\">unverified sources only</span></td>", railway);
        Assert.DoesNotContain("<span class=\"unverified\">unverified sources only</span></td>", infrastructure.Split("<h2>")[0]);
    }
}
