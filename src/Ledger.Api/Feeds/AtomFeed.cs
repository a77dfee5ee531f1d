using System.Xml.Linq;
using Ledger.Deals.Timeline;

namespace Ledger.Feeds;

/// <summary>One feed entry: a timeline entry of a deal, with where to read it on the pages and in the API.</summary>
public sealed record FeedEntry(Guid DealId, string DealTitle, TimelineEntry Entry);

/// <summary>
/// An Atom 1.0 document (RFC 4287): the feed's id, title, updated, author and self link; each entry's id, title, updated,
/// link to its page, a related link to the API and its summary. Ids are tag URIs (RFC 4151) of the log's origin and the
/// event's sequence, so an entry keeps its id whatever address the feed is read from.
/// </summary>
public static class AtomFeed
{
    public const string ContentType = "application/atom+xml; charset=utf-8";
    public static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";

    /// <summary>The kinds of change a feed reports, as the timeline names them.</summary>
    public static readonly IReadOnlySet<string> Kinds =
        new HashSet<string> { "observation-accepted", "deadline-passed", "deal-amended", "commitment-revised" };

    public const int MaxEntries = 100;

    public static XDocument Of(string origin, string feedPath, string title, string baseUrl, IReadOnlyList<FeedEntry> entries,
        DateTimeOffset now)
    {
        var updated = entries.Count == 0 ? now : entries.Max(e => e.Entry.RecordedAt);
        return new XDocument(new XDeclaration("1.0", "utf-8", null), new XElement(Atom + "feed",
            new XElement(Atom + "id", TagOf(origin, feedPath)),
            new XElement(Atom + "title", title),
            new XElement(Atom + "updated", Instant(updated)),
            new XElement(Atom + "author", new XElement(Atom + "name", "Ledger")),
            new XElement(Atom + "link", new XAttribute("rel", "self"), new XAttribute("href", baseUrl + feedPath),
                new XAttribute("type", "application/atom+xml")),
            new XElement(Atom + "generator", "Ledger"),
            entries.Select(e => Entry(origin, baseUrl, e))));
    }

    static XElement Entry(string origin, string baseUrl, FeedEntry feedEntry)
    {
        var e = feedEntry.Entry;
        var page = e.CommitmentId is { } commitment ? $"/commitments/{commitment}" : $"/deals/{feedEntry.DealId}";
        return new XElement(Atom + "entry",
            new XElement(Atom + "id", TagOf(origin, $"event/{e.Sequence}")),
            new XElement(Atom + "title", Shorten($"{feedEntry.DealTitle} — {e.Summary}", 200)),
            new XElement(Atom + "updated", Instant(e.RecordedAt)),
            new XElement(Atom + "link", new XAttribute("rel", "alternate"), new XAttribute("type", "text/html"),
                new XAttribute("href", baseUrl + page)),
            new XElement(Atom + "link", new XAttribute("rel", "related"), new XAttribute("type", "application/json"),
                new XAttribute("href", $"{baseUrl}/api/deals/{feedEntry.DealId}/timeline")),
            new XElement(Atom + "category", new XAttribute("term", e.Type)),
            new XElement(Atom + "summary", $"{e.OccurredOn:yyyy-MM-dd}: {e.Summary}"));
    }

    /// <summary>A tag URI: the log's origin with '/' as ':' is the tag's specific part, under the authority "ledger".</summary>
    static string TagOf(string origin, string path) => $"tag:ledger,2026:{origin.Replace('/', ':')}:{path}";

    static string Instant(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'");

    static string Shorten(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
