using System.Net;
using System.Net.Sockets;
using Ledger.Subscriptions;
using Ledger.Subscriptions.Delivering;
using Microsoft.Extensions.Configuration;

namespace Ledger.Api.Tests.Subscriptions;

/// <summary>
/// The check at connect time, on the address each delivery actually dials: a subscription whose name resolved to a
/// public address when it was made, and to loopback now (DNS rebinding), is refused before any connection is opened.
/// </summary>
public sealed class the_address_dialled
{
    static WebhookSender Sender(bool allowPrivate) => new(new WebhookSettings(new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Ledger:Webhooks:AllowPrivateAddresses"] = allowPrivate ? "true" : "false",
            ["Ledger:Webhooks:Timeout"] = "00:00:05",
        }).Build()), TimeProvider.System);

    static (WebhookSubscription, WebhookDelivery) To(string url) =>
        (new WebhookSubscription(Guid.NewGuid(), "key", Guid.NewGuid(), url, "secret-of-sixteen", new SubscriptionFilter([], [], []),
            0, DateTimeOffset.UtcNow),
         new WebhookDelivery(Guid.NewGuid(), Guid.NewGuid(), 1, "deal-amended", Guid.NewGuid(), "{}", DateTimeOffset.UtcNow,
            DeliveryState.Pending, []));

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("localhost")] // a name, resolved at connect time
    public async Task a_loopback_address_is_not_dialled_without_the_operators_leave(string host)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var (subscription, delivery) = To($"http://{host}:{port}/hook");

        using var sender = Sender(allowPrivate: false);
        var attempt = await sender.SendAsync(subscription, delivery, CancellationToken.None);

        Assert.Null(attempt.Status);
        Assert.Contains("public address", attempt.Error);
        Assert.False(listener.Pending(), "a connection reached the listener");
    }

    [Fact]
    public async Task with_the_operators_leave_it_is_dialled_and_a_redirect_is_not_followed()
    {
        await using var receiver = new WebhookReceiver().Start();
        var (subscription, delivery) = To(receiver.Url);

        using var sender = Sender(allowPrivate: true);
        var attempt = await sender.SendAsync(subscription, delivery, CancellationToken.None);

        Assert.Equal(200, attempt.Status);
        var received = Assert.Single(receiver.All);
        Assert.Equal(delivery.Id.ToString(), received.DeliveryId);
        Assert.True(WebhookReceiver.Verifies("secret-of-sixteen", received));

        await using var moved = new WebhookReceiver { Answer = 307 }.Start();
        var redirected = await sender.SendAsync(To(moved.Url).Item1, delivery, CancellationToken.None);
        Assert.Equal(307, redirected.Status);
        Assert.Single(moved.All); // the redirect was not followed
    }
}
