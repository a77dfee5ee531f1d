using System.Text.Json;
using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Ledger.Commitments;
using Ledger.Deals;
using Ledger.Deals.Timeline;
using Ledger.Feeds;
using Ledger.Infrastructure;
using Ledger.Observations;
using Ledger.Organizations;
using Ledger.TimeTravel;
using Marten;
using Microsoft.Extensions.Options;
using Wolverine;
using Wolverine.Marten.Subscriptions;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace Ledger.Subscriptions.Delivering;

/// <summary>What a receiver is POSTed: the event's public timeline entry, as an anonymous reader of the deal sees it.</summary>
public sealed record WebhookPayload(
    Guid DeliveryId, Guid SubscriptionId, string Kind, long Sequence, Guid DealId, string DealTitle, TimelineEntry Entry);

/// <summary>An accepted observation as a delivery tells it: who observed what, when; never its narrative or position.</summary>
public sealed record ObservationNotice(
    Guid ObservationId, Guid CommitmentId, Guid DealId, DateOnly ObservedOn, string OrganizationName, Finding Finding);

/// <summary>
/// Turns each page of the events the feeds report (observations accepted, deadlines passed, amendments, revisions) into
/// one delivery per matching subscription. Run by the async daemon on one node; the deliveries, their
/// <see cref="DeliverWebhook"/> messages (Wolverine's outbox) and the subscription's progress commit in one transaction,
/// so a page is turned into deliveries exactly once, however often the daemon hands it over.
/// </summary>
public sealed class NotifyingSubscribers : BatchSubscription
{
    readonly ObserverPrivacy _privacy;
    readonly TimeProvider _clock;
    readonly JsonSerializerOptions _json;

    public NotifyingSubscribers(ObserverPrivacy privacy, TimeProvider clock, IOptions<JsonOptions> json) : base("Webhooks")
    {
        _privacy = privacy;
        _clock = clock;
        _json = json.Value.SerializerOptions;
        IncludeType<ObservationAccepted>();
        IncludeType<DeadlinePassed>();
        IncludeType<DealAmended>();
        IncludeType<CommitmentRevised>();
    }

    public override async Task ProcessEventsAsync(EventRange page, ISubscriptionController controller,
        IDocumentOperations operations, IMessageBus bus, CancellationToken ct)
    {
        var events = page.Events.Where(e => e.Data is ObservationAccepted or DeadlinePassed or DealAmended or CommitmentRevised)
            .ToList();
        if (events.Count == 0) return;
        var candidates = await operations.Query<WebhookSubscription>()
            .Where(s => s.AfterSequence < page.SequenceCeiling).ToListAsync(ct);
        if (candidates.Count == 0) return;
        // A revoked key's subscriptions go quiet: no one could list or delete them any more.
        Guid[] owners = [.. candidates.Select(s => Guid.TryParseExact(s.OwnerKeyId, "N", out var id) ? id : Guid.Empty)
            .Where(id => id != Guid.Empty).Distinct()];
        var revoked = (await operations.Query<ApiKey>().Where(k => k.Id.IsOneOf(owners) && k.RevokedAt != null)
            .Select(k => k.Id).ToListAsync(ct)).Select(id => id.ToString("N")).ToHashSet();
        var subscriptions = candidates.Where(s => !revoked.Contains(s.OwnerKeyId)).ToList();

        var entries = await PublicEntriesAsync(operations, [.. events.Select(e => e.StreamId).Distinct()], ct);
        var partyKeys = await operations.PartyKeysAsync(subscriptions.SelectMany(s => s.Filter.Parties), ct);
        var now = _clock.GetUtcNow();
        foreach (var subscription in subscriptions)
        {
            var wanted = subscription.Filter.Parties.SelectMany(name => partyKeys[name]).ToHashSet();
            foreach (var e in events)
            {
                // An event the public timeline does not show (an erased observation's) is sent to no one.
                if (e.Sequence <= subscription.AfterSequence || !entries.TryGetValue(e.Sequence, out var found)) continue;
                if (!subscription.Filter.Matches(found.DealId, found.Entry.Type, found.Parties, wanted)) continue;
                var id = DeterministicIds.From($"webhook-delivery:{subscription.Id}:{e.Sequence}");
                var body = JsonSerializer.Serialize(new WebhookPayload(id, subscription.Id, found.Entry.Type, e.Sequence,
                    found.DealId, found.DealTitle, found.Entry), _json);
                operations.Store(new WebhookDelivery(id, subscription.Id, e.Sequence, found.Entry.Type, found.DealId, body, now,
                    DeliveryState.Pending, []));
                await bus.PublishAsync(new DeliverWebhook(id));
            }
        }
    }

    /// <summary>
    /// The entry as the anonymous timeline shows it, but for an observation only its organization and finding: a
    /// delivery is copied into systems the ledger cannot reach to erase it later, so it holds no narrative or place.
    /// </summary>
    public static TimelineEntry ForSubscribers(TimelineEntry entry) => entry with
    {
        RecordedBy = entry.RecordedBy.For(null),
        Details = entry.Details is ObservationSubmitted o
            ? new ObservationNotice(o.ObservationId, o.CommitmentId, o.DealId, o.ObservedOn, o.OrganizationName, o.Finding)
            : entry.Details,
    };

    sealed record Found(Guid DealId, string DealTitle, TimelineEntry Entry, IReadOnlyCollection<string> Parties);

    /// <summary>
    /// The feeds' entries of the deals these streams belong to, by event sequence: the anonymous public timeline, with
    /// the party keys each is about (a commitment's promisor; for an amendment, every promisor of the deal).
    /// </summary>
    async Task<Dictionary<long, Found>> PublicEntriesAsync(IQuerySession session, Guid[] streams, CancellationToken ct)
    {
        var dealIds = streams
            .Concat(await session.Query<Commitment>().Where(c => c.Id.IsOneOf(streams)).Select(c => c.DealId).ToListAsync(ct))
            .Concat(await session.Query<Observation>().Where(o => o.Id.IsOneOf(streams)).Select(o => o.DealId).ToListAsync(ct))
            .Distinct().ToArray();
        var titles = (await session.Query<Deal>().Where(d => d.Id.IsOneOf(dealIds)).ToListAsync(ct))
            .ToDictionary(d => d.Id, d => d.Title);
        var byDeal = await session.ReadShownAsync(titles.Keys, viewer: null, _privacy, ct);
        var today = PointInTime.From(null, null, _clock);
        var found = new Dictionary<long, Found>();
        foreach (var (dealId, shown) in byDeal)
        {
            var promisors = shown.Select(e => e.Data).OfType<CommitmentMade>()
                .ToDictionary(c => c.CommitmentId, c => SubscriptionsStore.PartyKeyOf(c.Promisor));
            var all = promisors.Values.Distinct().ToList();
            foreach (var entry in GetDealTimelineEndpoint.Entries(shown, today).Where(e => AtomFeed.Kinds.Contains(e.Type)))
            {
                IReadOnlyCollection<string> parties = entry.CommitmentId is { } c && promisors.TryGetValue(c, out var key)
                    ? [key] : all;
                found[entry.Sequence] = new Found(dealId, titles[dealId], ForSubscribers(entry), parties);
            }
        }
        return found;
    }
}
