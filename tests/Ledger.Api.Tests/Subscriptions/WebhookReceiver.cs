using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace Ledger.Api.Tests.Subscriptions;

/// <summary>One POST as the receiver got it.</summary>
public sealed record Received(string DeliveryId, string Event, string Signature, string Body, DateTimeOffset At);

/// <summary>
/// A real HTTP receiver on a loopback port (HttpListener): up or down at the test's word, the port closed while down. It
/// answers 200, or 503 to the first try of each delivery when told to, so that a retry reaches it.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    readonly ConcurrentQueue<Received> _received = new();
    readonly ConcurrentDictionary<string, int> _tries = new();
    HttpListener? _listener;
    Task? _serving;

    public int Port { get; } = FreePort();
    public string Url => $"http://127.0.0.1:{Port}/hooks/ledger";
    public bool RefuseFirstTry { get; init; }

    /// <summary>What it answers a try it does not refuse: 200, or a redirect to itself (which a sender must not follow).</summary>
    public int Answer { get; init; } = 200;
    public IReadOnlyList<Received> All => [.. _received];

    public WebhookReceiver Start()
    {
        _listener = new HttpListener();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        var listener = _listener;
        _serving = Task.Run(async () =>
        {
            while (listener.IsListening)
            {
                HttpListenerContext context;
                try { context = await listener.GetContextAsync(); }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException) { return; }
                await AnswerAsync(context);
            }
        });
        return this;
    }

    async Task AnswerAsync(HttpListenerContext context)
    {
        using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var id = context.Request.Headers["Ledger-Delivery"] ?? "";
        _received.Enqueue(new Received(id, context.Request.Headers["Ledger-Event"] ?? "",
            context.Request.Headers["Ledger-Signature"] ?? "", body, DateTimeOffset.UtcNow));
        var tries = _tries.AddOrUpdate(id, 1, (_, n) => n + 1);
        context.Response.StatusCode = RefuseFirstTry && tries == 1 ? 503 : Answer;
        if (Answer is >= 300 and < 400) context.Response.RedirectLocation = Url + "/moved";
        context.Response.Close();
    }

    /// <summary>Closes the port: connections are refused until <see cref="Start"/>.</summary>
    public async Task StopAsync()
    {
        if (_listener is null) return;
        _listener.Stop();
        _listener.Close();
        if (_serving is not null) await _serving;
        _listener = null;
    }

    /// <summary>
    /// The receiver's check, as the README shows it: the HMAC of "t.body" under the secret, in constant time, and a
    /// timestamp no more than five minutes old.
    /// </summary>
    public static bool Verifies(string secret, Received received)
    {
        var parts = received.Signature.Split(',').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{parts["t"]}.{received.Body}"));
        var fresh = Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - long.Parse(parts["t"])) <= 300;
        return fresh && CryptographicOperations.FixedTimeEquals(expected, Convert.FromHexString(parts["v1"]));
    }

    /// <summary>Polls until the receiver holds <paramref name="count"/> distinct deliveries; fails naming what came.</summary>
    public async Task<IReadOnlyList<Received>> WaitForDeliveriesAsync(int count, TimeSpan? patience = null)
    {
        var giveUpAt = DateTime.UtcNow + (patience ?? TimeSpan.FromSeconds(60));
        while (All.Select(r => r.DeliveryId).Distinct().Count() < count && DateTime.UtcNow < giveUpAt) await Task.Delay(100);
        var all = All;
        Assert.True(all.Select(r => r.DeliveryId).Distinct().Count() >= count,
            $"{all.Count} POSTs of {all.Select(r => r.DeliveryId).Distinct().Count()} deliveries, {count} expected: " +
            string.Join(", ", all.Select(r => r.Event)));
        return all;
    }

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync() => await StopAsync();
}
