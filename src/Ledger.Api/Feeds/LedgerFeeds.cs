using Ledger.Commitments;
using Ledger.Commitments.Gaps;
using Ledger.Deals;
using Ledger.Deals.Timeline;
using Ledger.Observations;
using Ledger.Parties;
using Ledger.TimeTravel;
using Ledger.Transparency.Checkpoints;
using Marten;

namespace Ledger.Feeds;

/// <summary>
/// Atom feeds of what changed — observations accepted, deadlines passed, amendments and revisions — for the whole ledger,
/// one deal or one party, newest first, at most <see cref="AtomFeed.MaxEntries"/> entries. What an anonymous reader of
/// the timeline sees, and nothing more: feeds are public, and readers cache them.
/// </summary>
public static class LedgerFeeds
{
    /// <summary>The event types behind <see cref="AtomFeed.Kinds"/>, as the event store names them.</summary>
    const string KindsSql = "('observation_accepted', 'deadline_passed', 'deal_amended', 'commitment_revised')";

    public static void MapFeeds(this WebApplication app)
    {
        app.MapGet("/feeds/ledger.atom", Ledger).ExcludeFromDescription();
        app.MapGet("/feeds/deals/{dealId}.atom", OfDeal).ExcludeFromDescription();
        app.MapGet("/feeds/parties/{name}.atom", OfParty).ExcludeFromDescription();
    }

    static async Task<IResult> Ledger(HttpContext http, IQuerySession session, ObserverPrivacy privacy,
        CheckpointSigning log, TimeProvider clock, CancellationToken ct)
    {
        // Only the deals with the latest changes are read, so the feed does not grow with the ledger.
        var streams = (await session.QueryAsync<Guid>(
            $"select stream_id from mt_events where type in {KindsSql} order by seq_id desc limit {AtomFeed.MaxEntries}", ct)).Distinct()
            .ToArray();
        var dealIds = streams
            .Concat(await session.Query<Commitment>().Where(c => c.Id.IsOneOf(streams)).Select(c => c.DealId).ToListAsync(ct))
            .Concat(await session.Query<Observation>().Where(o => o.Id.IsOneOf(streams)).Select(o => o.DealId).ToListAsync(ct))
            .Distinct().ToArray();
        // The streams that are deals are found among the ids; the commitments' and observations' ids find none.
        var deals = await session.Query<Deal>().Where(d => d.Id.IsOneOf(dealIds)).ToListAsync(ct);
        var entries = await EntriesAsync(deals, _ => true, session, privacy, clock, ct);
        return Answer(http, log, "/feeds/ledger.atom", "Ledger: promises and delivery", entries, clock);
    }

    static async Task<IResult> OfDeal(string dealId, HttpContext http, IQuerySession session, ObserverPrivacy privacy,
        CheckpointSigning log, TimeProvider clock, CancellationToken ct)
    {
        if (!Guid.TryParse(dealId, out var id) || id == Guid.Empty || await session.LoadAsync<Deal>(id, ct) is not { } deal)
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No deal has this id");
        var entries = await EntriesAsync([deal], _ => true, session, privacy, clock, ct);
        return Answer(http, log, $"/feeds/deals/{id}.atom", $"Ledger: {deal.Title}", entries, clock);
    }

    static async Task<IResult> OfParty(string name, HttpContext http, IQuerySession session, ObserverPrivacy privacy,
        CheckpointSigning log, TimeProvider clock, CancellationToken ct)
    {
        var names = await PartyNames.ResolveAsync(session, name, ct);
        var keys = names.Keys.ToArray();
        var commitments = await session.Query<TrackedCommitment>().Where(t => t.PromisorKey.IsOneOf(keys))
            .Select(t => new { t.Id, t.DealId }).ToListAsync(ct);
        if (commitments.Count == 0)
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"No commitment by '{name}' is recorded");
        var theirs = commitments.Select(c => c.Id).ToHashSet();
        // The party's commitments, and the amendments of the deals they are in.
        var dealIds = commitments.Select(c => c.DealId).Distinct().ToArray();
        var deals = await session.Query<Deal>().Where(d => d.Id.IsOneOf(dealIds)).ToListAsync(ct);
        var entries = await EntriesAsync(deals,
            e => e.CommitmentId is { } c ? theirs.Contains(c) : e.Type == "deal-amended", session, privacy, clock, ct);
        return Answer(http, log, $"/feeds/parties/{Uri.EscapeDataString(name)}.atom", $"Ledger: {name}", entries, clock);
    }

    static async Task<IReadOnlyList<FeedEntry>> EntriesAsync(IReadOnlyList<Deal> deals, Func<TimelineEntry, bool> keep,
        IQuerySession session, ObserverPrivacy privacy, TimeProvider clock, CancellationToken ct)
    {
        var titles = deals.ToDictionary(d => d.Id, d => d.Title);
        var byDeal = await session.ReadShownAsync(titles.Keys, viewer: null, privacy, ct);
        var today = PointInTime.From(null, null, clock);
        return
        [
            .. byDeal.SelectMany(deal => GetDealTimelineEndpoint.Entries(deal.Value, today)
                    .Where(e => AtomFeed.Kinds.Contains(e.Type) && keep(e))
                    .Select(e => new FeedEntry(deal.Key, titles.GetValueOrDefault(deal.Key, ""), e)))
                .OrderByDescending(f => f.Entry.RecordedAt).ThenByDescending(f => f.Entry.Sequence)
                .Take(AtomFeed.MaxEntries),
        ];
    }

    static IResult Answer(HttpContext http, CheckpointSigning log, string path, string title, IReadOnlyList<FeedEntry> entries,
        TimeProvider clock)
    {
        var baseUrl = $"{http.Request.Scheme}://{http.Request.Host}";
        var document = AtomFeed.Of(log.Origin, path, title, baseUrl, entries, clock.GetUtcNow());
        return Results.Text(document.Declaration + "\n" + document.Root, AtomFeed.ContentType);
    }
}
