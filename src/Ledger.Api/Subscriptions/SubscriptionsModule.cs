using Ledger.Subscriptions.Delivering;
using Marten;
using Wolverine.Marten;

namespace Ledger.Subscriptions;

/// <summary>
/// Signed webhooks: subscriptions (operator data) and their deliveries, fanned out from the event store by a Marten
/// subscription that Wolverine runs on one node, and POSTed by durable Wolverine messages.
/// </summary>
public static class SubscriptionsModule
{
    public static IServiceCollection AddWebhooks(this IServiceCollection services)
    {
        services.AddSingleton<WebhookSettings>();
        services.AddSingleton<WebhookSender>();
        services.ConfigureMarten(options => options.ConfigureSubscriptions());
        services.SubscribeToEventsWithServices<NotifyingSubscribers>(ServiceLifetime.Singleton);
        return services;
    }
}
