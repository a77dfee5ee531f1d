using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Ledger.Deals;
using Ledger.Infrastructure;
using Ledger.Sourcing;

namespace Ledger.OpenData.Ocds;

/// <summary>Sources as OCDS documents; announcements as documents of their own.</summary>
public static class OcdsDocuments
{
    /// <summary>
    /// One document per source address, identified by it, so that a source cited by several statements is one document
    /// (merging keeps the latest citation's title).
    /// </summary>
    /// <param name="before">Documents listed ahead of the sources (an announcement before those reporting it).</param>
    public static JsonArray Of(IReadOnlyList<Source> sources, params JsonObject[] before) =>
        new([.. before, .. sources.DistinctBy(s => s.Url).Select(Document)]);

    public static string IdOf(string url) =>
        "source-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(url)))[..16];

    static JsonObject Document(Source s) => new JsonObject
    {
        ["id"] = IdOf(s.Url), ["title"] = s.Title ?? s.Publisher, ["url"] = s.Url,
        ["datePublished"] = DealReleases.Date(s.PublishedOn),
        // The Ledger extension: who published it, and how far it stands alone.
        ["publisher"] = s.Publisher, ["unverified"] = s.Unverified ? true : null,
        ["datePrecision"] = s.DatePrecision is { } p ? Names.Of(p) : null, ["note"] = s.Note,
    }.Compact();

    /// <summary>What an official said about the deal, in the words and language recorded.</summary>
    public static JsonObject Announcement(AnnouncementRecorded a) => new JsonObject
    {
        ["id"] = a.AnnouncementId.ToString(), ["documentType"] = "announcement", ["title"] = $"{a.Speaker} ({a.SpeakerRole})",
        ["description"] = a.Statement, ["url"] = a.Sources.FirstOrDefault()?.Url,
        ["datePublished"] = DealReleases.Date(a.MadeOn), ["language"] = a.Language,
    }.Compact();
}
