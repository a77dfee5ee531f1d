using System.Net;
using System.Xml.Linq;
using Ledger.Api.Tests.Hosting;
using Ledger.Seeding;

namespace Ledger.Api.Tests.Feeds;

/// <summary>
/// The Atom feeds of the seeded ledger: well-formed Atom 1.0 with the elements RFC 4287 requires (no RELAX NG validator
/// is on NuGet, so the required elements and their forms are checked one by one), the changes they report, and no more
/// of an observation than its public timeline entry.
/// </summary>
[Collection(SeedsCollection.Name)]
public sealed class atom_feeds(SeededLedgerApi api)
{
    static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";
    static readonly Guid Sicomines = SeedPlanner.IdOf("sicomines-2008", "convention-2008");

    async Task<XElement> FeedAsync(string path)
    {
        using var response = await api.Anonymous().GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/atom+xml", response.Content.Headers.ContentType?.MediaType);
        var feed = XDocument.Parse(await response.Content.ReadAsStringAsync()).Root!;
        AssertValidAtom(feed, path);
        return feed;
    }

    /// <summary>RFC 4287 §4.1.1 and §4.1.2: what a feed and each of its entries must hold.</summary>
    static void AssertValidAtom(XElement feed, string path)
    {
        Assert.Equal(Atom + "feed", feed.Name);
        Assert.Single(feed.Elements(Atom + "id"));
        Assert.True(Uri.IsWellFormedUriString(feed.Element(Atom + "id")!.Value, UriKind.Absolute));
        Assert.Single(feed.Elements(Atom + "title"));
        Assert.True(DateTimeOffset.TryParse(Assert.Single(feed.Elements(Atom + "updated")).Value, out _));
        Assert.NotEmpty(feed.Elements(Atom + "author").Elements(Atom + "name")); // so no entry needs its own
        var self = Assert.Single(feed.Elements(Atom + "link"), l => (string?)l.Attribute("rel") == "self");
        Assert.EndsWith(path, (string)self.Attribute("href")!);
        var ids = new HashSet<string>();
        foreach (var entry in feed.Elements(Atom + "entry"))
        {
            var id = Assert.Single(entry.Elements(Atom + "id")).Value;
            Assert.True(Uri.IsWellFormedUriString(id, UriKind.Absolute), id);
            Assert.True(ids.Add(id), $"two entries share the id {id}");
            Assert.False(string.IsNullOrWhiteSpace(Assert.Single(entry.Elements(Atom + "title")).Value));
            Assert.True(DateTimeOffset.TryParse(Assert.Single(entry.Elements(Atom + "updated")).Value, out _));
            Assert.Single(entry.Elements(Atom + "link"), l => (string?)l.Attribute("rel") == "alternate");
            Assert.Single(entry.Elements(Atom + "summary"));
        }
    }

    static IEnumerable<string> Kinds(XElement feed) =>
        feed.Elements(Atom + "entry").Select(e => (string)e.Element(Atom + "category")!.Attribute("term")!);

    [Fact]
    public async Task the_ledger_feed_reports_amendments_revisions_deadlines_and_accepted_observations_newest_first()
    {
        var feed = await FeedAsync("/feeds/ledger.atom");
        var kinds = Kinds(feed).ToHashSet();
        Assert.Superset(new HashSet<string> { "deal-amended", "commitment-revised", "observation-accepted" }, kinds);
        Assert.Subset(new HashSet<string> { "observation-accepted", "deadline-passed", "deal-amended", "commitment-revised" }, kinds);
        var updated = feed.Elements(Atom + "entry").Select(e => DateTimeOffset.Parse(e.Element(Atom + "updated")!.Value)).ToList();
        Assert.Equal(updated.OrderByDescending(u => u), updated);
    }

    [Fact]
    public async Task a_deal_feed_holds_the_deals_changes_only_and_links_to_its_pages()
    {
        var feed = await FeedAsync($"/feeds/deals/{Sicomines}.atom");
        var entries = feed.Elements(Atom + "entry").ToList();
        Assert.Contains(entries, e => e.Element(Atom + "summary")!.Value.Contains("2009"));
        Assert.All(entries, e => Assert.Contains($"/api/deals/{Sicomines}/timeline",
            (string)e.Elements(Atom + "link").Single(l => (string?)l.Attribute("rel") == "related").Attribute("href")!));
        // The IGF audit is accepted as an observation: the feed tells that it was accepted, never its narrative.
        Assert.Contains("observation-accepted", Kinds(feed));
        Assert.DoesNotContain("demands $17bn more", feed.ToString());

        using var unknown = await api.Anonymous().GetAsync($"/feeds/deals/{Guid.NewGuid()}.atom");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task a_party_feed_is_found_by_any_alias_and_holds_its_commitments_changes()
    {
        var byAlias = await FeedAsync("/feeds/parties/Sicomines.atom");
        var byName = await FeedAsync($"/feeds/parties/{Uri.EscapeDataString("Chinese consortium")}.atom");
        Assert.NotEmpty(byAlias.Elements(Atom + "entry"));
        Assert.Equal(byName.Elements(Atom + "entry").Select(e => e.Element(Atom + "id")!.Value),
            byAlias.Elements(Atom + "entry").Select(e => e.Element(Atom + "id")!.Value));
        using var unknown = await api.Anonymous().GetAsync("/feeds/parties/Nobody%20at%20all.atom");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task feed_readers_and_link_checkers_get_etag_304_and_head()
    {
        using var first = await api.Anonymous().GetAsync("/feeds/ledger.atom");
        var tag = first.Headers.ETag;
        Assert.NotNull(tag);
        using var again = new HttpRequestMessage(HttpMethod.Get, "/feeds/ledger.atom") { Headers = { IfNoneMatch = { tag } } };
        Assert.Equal(HttpStatusCode.NotModified, (await api.Anonymous().SendAsync(again)).StatusCode);
        using var head = await api.Anonymous().SendAsync(new HttpRequestMessage(HttpMethod.Head, "/feeds/ledger.atom"));
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task a_hostile_feed_address_gets_a_problem_and_never_a_500()
    {
        // A NUL in a path is refused by the server itself before the app (the test server will not even send it).
        await api.Anonymous().GetAsync("/feeds/parties/%01.atom").ExpectProblem(HttpStatusCode.BadRequest, "name");
        await api.Anonymous().GetAsync($"/feeds/deals/{Guid.Empty}.atom").ExpectProblem(HttpStatusCode.NotFound);
        await api.Anonymous().GetAsync("/feeds/deals/not-a-deal.atom").ExpectProblem(HttpStatusCode.NotFound);
        await api.Anonymous().GetAsync($"/feeds/parties/{new string('x', 5000)}.atom").ExpectProblem(HttpStatusCode.NotFound);
    }
}
