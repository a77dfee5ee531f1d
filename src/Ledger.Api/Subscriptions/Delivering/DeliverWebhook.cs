using Ledger.Infrastructure.Writing;
using Ledger.Organizations.Keys;
using Marten;
using Wolverine;

namespace Ledger.Subscriptions.Delivering;

/// <summary>
/// POST one delivery to its subscription, and again after each delay of <see cref="WebhookSettings.RetryDelays"/> while it
/// fails. A durable Wolverine message: queued, and each retry scheduled, in PostgreSQL in the transaction that records the
/// attempt, so neither a receiver down for hours nor a restart of the API loses one.
/// </summary>
public sealed record DeliverWebhook(Guid DeliveryId) : IWrite
{
    public Caller By => Caller.System;
}

public static class DeliverWebhookHandler
{
    /// <summary>The delivery after <paramref name="attempt"/>, and how long to wait before the next (none: it is done).</summary>
    public static (WebhookDelivery Delivery, TimeSpan? RetryIn) Decide(
        WebhookDelivery delivery, DeliveryAttempt attempt, IReadOnlyList<TimeSpan> retryDelays)
    {
        var attempts = delivery.Attempts.Append(attempt).ToList();
        if (attempt.Succeeded) return (delivery with { Attempts = attempts, State = DeliveryState.Delivered }, null);
        var retry = attempts.Count - 1;
        return retry < retryDelays.Count
            ? (delivery with { Attempts = attempts }, retryDelays[retry])
            : (delivery with { Attempts = attempts, State = DeliveryState.Failed }, null);
    }

    public static async Task<object?> Handle(DeliverWebhook message, IDocumentSession session, WebhookSender sender,
        WebhookSettings settings, CancellationToken ct)
    {
        // Gone with its subscription, or already answered (a message handled twice after a crash is sent once more at most).
        if (await session.LoadAsync<WebhookDelivery>(message.DeliveryId, ct) is not { State: DeliveryState.Pending } delivery)
            return null;
        if (await session.LoadAsync<WebhookSubscription>(delivery.SubscriptionId, ct) is not { } subscription)
        {
            // An attempt under way when the subscription was deleted stored the delivery again: it goes now.
            session.Delete(delivery);
            return null;
        }
        var attempt = await sender.SendAsync(subscription, delivery, ct);
        var (updated, retryIn) = Decide(delivery, attempt, settings.RetryDelays);
        session.Store(updated);
        return retryIn is { } delay ? message.DelayedFor(delay) : null;
    }
}
