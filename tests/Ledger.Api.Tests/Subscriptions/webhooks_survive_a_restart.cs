using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Ledger.Api.Tests.Hosting;
using Xunit.Abstractions;
using static Ledger.Api.Tests.Hosting.LedgerProcesses;

namespace Ledger.Api.Tests.Subscriptions;

/// <summary>
/// The API process killed (SIGKILL) while its deliveries wait to be retried, the receiver brought up, and a new process
/// started on the same database: every delivery reaches the receiver, under the id it had before the kill, signed.
/// The retries are Wolverine messages scheduled in PostgreSQL, not timers in the dead process.
/// </summary>
public sealed class webhooks_survive_a_restart(ITestOutputHelper output) : IAsyncLifetime
{
    static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    string _connectionString = "";
    readonly List<ApiProcess> _processes = [];

    public async Task InitializeAsync() => _connectionString = await TestPostgres.NewDatabaseAsync("webhooks-restart");

    public async Task DisposeAsync()
    {
        foreach (var process in _processes) await process.DisposeAsync();
    }

    async Task<ApiProcess> StartAsync(string name)
    {
        var settings = NodeSettings();
        settings["Ledger:Webhooks:AllowPrivateAddresses"] = "true";
        settings["Ledger:Webhooks:RetryDelays"] = string.Join(",", Enumerable.Repeat("00:00:01", 120));
        var process = ApiProcess.Start(name, _connectionString, settings);
        _processes.Add(process);
        await process.WaitUntilHealthyAsync(Patience);
        return process;
    }

    [Fact]
    public async Task deliveries_waiting_for_a_retry_are_delivered_by_the_next_process()
    {
        await using var receiver = new WebhookReceiver(); // down: its port closed
        var first = await StartAsync("first process");
        using var admin = first.Client(LedgerApi.AdminKey);
        var dealId = (await admin.Post("/api/deals", Scenarios.Deal()).Expect(HttpStatusCode.Created)).GetProperty("id").GetString();
        var created = await admin.Post("/api/subscriptions", new { url = receiver.Url, filter = new { deals = new[] { dealId } } })
            .Expect(HttpStatusCode.Created);
        var (subscriptionId, secret) = (created.GetProperty("id").GetString(), created.GetProperty("secret").GetString()!);
        const int Count = 3;
        for (var i = 0; i < Count; i++)
            await admin.Post($"/api/deals/{dealId}/amendments", new
            {
                effectiveOn = "2009-10-01", summary = $"Change {i}", sources = new[] { Scenarios.Source() },
            }).Expect(HttpStatusCode.Created);

        var before = await UntilAsync(async () =>
        {
            var log = await admin.GetAsync($"/api/subscriptions/{subscriptionId}/deliveries").Expect(HttpStatusCode.OK);
            var failing = log.GetProperty("deliveries").EnumerateArray().Count(d => d.GetProperty("attempts").GetArrayLength() >= 1);
            return (log.GetProperty("total").GetInt32() == Count && failing == Count, log);
        }, "every delivery to fail once", Patience, _processes);
        var ids = before.GetProperty("deliveries").EnumerateArray().Select(d => d.GetProperty("id").GetString()!).ToHashSet();

        await first.KillAsync();
        receiver.Start();
        var restart = Stopwatch.StartNew();
        var second = await StartAsync("second process");
        var healthy = restart.Elapsed;

        var received = await receiver.WaitForDeliveriesAsync(Count, Patience);
        output.WriteLine($"healthy {healthy.TotalSeconds:0.0} s after the restart, {Count} delivered after " +
            $"{restart.Elapsed.TotalSeconds:0.0} s, {received.Count} POSTs received");
        Assert.Equal(ids, received.Select(r => r.DeliveryId).ToHashSet());
        Assert.All(received, r => Assert.True(WebhookReceiver.Verifies(secret, r), $"bad signature on {r.DeliveryId}"));
        using var again = second.Client(LedgerApi.AdminKey);
        await UntilAsync(async () =>
        {
            var log = await again.GetAsync($"/api/subscriptions/{subscriptionId}/deliveries").Expect(HttpStatusCode.OK);
            return (log.GetProperty("deliveries").EnumerateArray().All(d => d.GetProperty("state").GetString() == "delivered"), log);
        }, "every delivery to be logged as delivered", Patience, _processes);
        Assert.Equal(Enumerable.Range(0, Count).Select(i => $"Amendment: Change {i}"),
            received.DistinctBy(r => r.DeliveryId)
                .Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("entry").GetProperty("summary").GetString()).Order());
    }
}
