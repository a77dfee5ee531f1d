using Ledger.Commitments.Gaps;
using Marten;

namespace Ledger.Subscriptions;

/// <summary>
/// A caller's webhook: where to POST the public timeline entries that match its filter, and the secret that signs them.
/// Operator data, not a ledger fact: it names a subscriber, so it is a document, never an event or a log leaf.
/// </summary>
public sealed record WebhookSubscription(
    Guid Id, string OwnerKeyId, Guid OwnerOrganizationId, string Url, string Secret, SubscriptionFilter Filter,
    long AfterSequence, DateTimeOffset CreatedAt);

/// <summary>What a subscription is sent: an empty list lets everything through.</summary>
public sealed record SubscriptionFilter(IReadOnlyList<Guid> Deals, IReadOnlyList<string> Parties, IReadOnlyList<string> Kinds)
{
    /// <summary>
    /// Whether an entry of <paramref name="kind"/> in <paramref name="dealId"/>, about the parties
    /// <paramref name="entryParties"/> (keys), passes; <paramref name="wantedParties"/> are the keys this filter's party
    /// names resolve to today (a name or any alias a deal gives it).
    /// </summary>
    public bool Matches(Guid dealId, string kind, IReadOnlyCollection<string> entryParties, IReadOnlySet<string> wantedParties) =>
        (Deals.Count == 0 || Deals.Contains(dealId))
        && (Kinds.Count == 0 || Kinds.Contains(kind))
        && (Parties.Count == 0 || entryParties.Any(wantedParties.Contains));
}

public enum DeliveryState { Pending, Delivered, Failed }

/// <summary>One POST of a delivery: when, and the receiver's status code or why no answer came.</summary>
public sealed record DeliveryAttempt(DateTimeOffset At, int? Status, string? Error)
{
    public bool Succeeded => Status is >= 200 and < 300;
}

/// <summary>
/// One event sent to one subscription: the signed body (the same on every retry) and each attempt. Its id is the
/// receiver's idempotency key (<c>Ledger-Delivery</c>).
/// </summary>
public sealed record WebhookDelivery(
    Guid Id, Guid SubscriptionId, long Sequence, string Kind, Guid DealId, string Body, DateTimeOffset CreatedAt,
    DeliveryState State, IReadOnlyList<DeliveryAttempt> Attempts);

public static class SubscriptionsStore
{
    public static StoreOptions ConfigureSubscriptions(this StoreOptions o)
    {
        o.Schema.For<WebhookSubscription>().Duplicate(s => s.OwnerKeyId);
        o.Schema.For<WebhookDelivery>().Duplicate(d => d.SubscriptionId).Duplicate(d => d.Sequence);
        return o;
    }

    /// <summary>
    /// The party keys each of these names resolves to, as <c>/feeds/parties/{name}.atom</c> resolves them: each name once,
    /// however many subscriptions' filters name it.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> PartyKeysAsync(
        this IQuerySession session, IEnumerable<string> names, CancellationToken ct)
    {
        var keys = new Dictionary<string, IReadOnlyList<string>>();
        foreach (var name in names.Distinct())
            keys[name] = (await Ledger.Parties.PartyNames.ResolveAsync(session, name, ct)).Keys;
        return keys;
    }

    public static string PartyKeyOf(string party) => TrackedCommitment.KeyOf(party);
}
