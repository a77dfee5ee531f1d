using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Ledger.Subscriptions.Delivering;

/// <summary>
/// POSTs signed deliveries. The address actually dialled is checked at connect time (a name that resolved to a public
/// address when the subscription was made may resolve elsewhere now: DNS rebinding); no proxy, no redirect followed, a
/// short timeout, and the receiver's body is never read: its status code is the whole answer.
/// </summary>
public sealed class WebhookSender : IDisposable
{
    readonly HttpClient _client;
    readonly TimeProvider _clock;

    public WebhookSender(WebhookSettings settings, TimeProvider clock)
    {
        _clock = clock;
        var allowPrivate = settings.AllowPrivateAddresses;
        _client = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            ConnectTimeout = settings.Timeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2), // DNS changes are seen, and re-checked, within minutes
            ConnectCallback = (context, ct) => ConnectAsync(context.DnsEndPoint, allowPrivate, ct),
        })
        {
            Timeout = settings.Timeout,
        };
        _client.DefaultRequestHeaders.UserAgent.ParseAdd("Ledger-Webhooks/1");
    }

    static async ValueTask<Stream> ConnectAsync(DnsEndPoint endpoint, bool allowPrivate, CancellationToken ct)
    {
        var addresses = IPAddress.TryParse(endpoint.Host, out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(endpoint.Host, ct);
        if (!allowPrivate && WebhookAddresses.Refusal(addresses) is { } refusal)
            throw new HttpRequestException($"{endpoint.Host} {refusal}");
        SocketException? last = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(address, endpoint.Port, ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                last = e;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
        throw last ?? new SocketException((int)SocketError.HostNotFound);
    }

    /// <summary>One attempt: the status code the receiver answered, or why there was none.</summary>
    public async Task<DeliveryAttempt> SendAsync(WebhookSubscription subscription, WebhookDelivery delivery, CancellationToken ct)
    {
        var now = _clock.GetUtcNow();
        using var request = new HttpRequestMessage(HttpMethod.Post, subscription.Url)
        {
            Content = new StringContent(delivery.Body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(WebhookSignature.SignatureHeader,
            WebhookSignature.Sign(subscription.Secret, now.ToUnixTimeSeconds(), delivery.Body));
        request.Headers.Add(WebhookSignature.DeliveryHeader, delivery.Id.ToString());
        request.Headers.Add(WebhookSignature.EventHeader, delivery.Kind);
        try
        {
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            return new DeliveryAttempt(now, (int)response.StatusCode, null);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return new DeliveryAttempt(now, null, Describe(e));
        }
    }

    /// <summary>The innermost reason, short: "Connection refused", "timed out", a refused address.</summary>
    static string Describe(Exception e)
    {
        if (e is TaskCanceledException) return "timed out";
        var inner = e;
        while (inner.InnerException is not null && inner is not SocketException) inner = inner.InnerException;
        var message = inner.Message;
        return message.Length <= 300 ? message : message[..300];
    }

    public void Dispose() => _client.Dispose();
}
