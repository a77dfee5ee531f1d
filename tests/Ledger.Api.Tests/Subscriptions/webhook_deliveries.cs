using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ledger.Api.Tests.Hosting;

namespace Ledger.Api.Tests.Subscriptions;

/// <summary>
/// Deliveries to a real HTTP receiver on loopback: signed so that a few independent lines verify them, retried under the
/// same delivery id, carrying what the anonymous public timeline shows and nothing more, none lost while the receiver is
/// down, and stopped when the subscription is deleted.
/// </summary>
[Collection(WebhooksCollection.Name)]
public sealed class webhook_deliveries(WebhookLedgerApi api)
{
    static object Amendment(string summary) =>
        new { effectiveOn = "2009-10-01", summary, sources = new[] { Scenarios.Source() } };

    async Task<(string Id, string Secret)> SubscribeAsync(HttpClient client, string url, object? filter = null)
    {
        var created = await client.Post("/api/subscriptions", new { url, filter }).Expect(HttpStatusCode.Created);
        return (created.GetProperty("id").GetString()!, created.GetProperty("secret").GetString()!);
    }

    static async Task<JsonElement> LogAsync(HttpClient client, string subscriptionId) =>
        await client.GetAsync($"/api/subscriptions/{subscriptionId}/deliveries").Expect(HttpStatusCode.OK);

    [Fact]
    public async Task a_delivery_is_signed_and_a_retry_carries_the_same_delivery_id()
    {
        await using var receiver = new WebhookReceiver { RefuseFirstTry = true }.Start();
        var dealId = await api.RegisterDeal();
        using var observer = await api.ClientWithRole("observer");
        var (subscriptionId, secret) = await SubscribeAsync(observer, receiver.Url, new { deals = new[] { dealId } });

        await api.Admin().Post($"/api/deals/{dealId}/amendments", Amendment("Financing halved")).Expect(HttpStatusCode.Created);

        await receiver.WaitForDeliveriesAsync(1);
        var tries = await UntilAsync(() => receiver.All.Count >= 2, () => receiver.All);
        Assert.Equal(2, tries.Count); // refused once (503), then delivered
        Assert.Single(tries.Select(t => t.DeliveryId).Distinct());
        Assert.All(tries, t => Assert.True(WebhookReceiver.Verifies(secret, t), $"bad signature {t.Signature}"));
        Assert.All(tries, t => Assert.Equal("deal-amended", t.Event));
        Assert.False(WebhookReceiver.Verifies("another-secret-of-the-same-size", tries[0]));
        Assert.False(WebhookReceiver.Verifies(secret, tries[0] with { Body = tries[0].Body.Replace("halved", "doubled") }));

        var body = JsonDocument.Parse(tries[1].Body).RootElement;
        Assert.Equal(tries[1].DeliveryId, body.GetProperty("deliveryId").GetString());
        Assert.Equal(subscriptionId, body.GetProperty("subscriptionId").GetString());
        Assert.Equal(dealId, body.GetProperty("dealId").GetString());
        Assert.Equal("Amendment: Financing halved", body.GetProperty("entry").GetProperty("summary").GetString());

        var log = await UntilAsync(async () => await LogAsync(observer, subscriptionId),
            l => l.GetProperty("deliveries")[0].GetProperty("state").GetString() == "delivered");
        var delivery = Assert.Single(log.GetProperty("deliveries").EnumerateArray());
        Assert.Equal(tries[1].DeliveryId, delivery.GetProperty("id").GetString());
        Assert.Equal(body.GetProperty("sequence").GetInt64(), delivery.GetProperty("sequence").GetInt64());
        Assert.Equal([503, 200], delivery.GetProperty("attempts").EnumerateArray().Select(a => a.GetProperty("status").GetInt32()));
    }

    [Fact]
    public async Task a_pending_observation_is_never_sent_and_an_accepted_one_only_as_the_public_timeline_shows_it()
    {
        await using var receiver = new WebhookReceiver().Start();
        var (dealId, commitmentId) = await api.DealWithCommitment();
        using var observer = await api.ClientWithRole("observer");
        var (subscriptionId, secret) = await SubscribeAsync(observer, receiver.Url, new { deals = new[] { dealId } });
        const string narrative = "The contractor's foreman told me the road stops at km 40.";

        var pending = await api.SubmitObservation(observer, commitmentId, Scenarios.Observation(narrative: narrative));
        var accepted = await api.SubmitObservation(observer, commitmentId, Scenarios.Observation(amount: 80, narrative: narrative));
        await api.Admin().Post($"/api/observations/{accepted}/moderation", new { decision = "accepted" }).Expect(HttpStatusCode.OK);

        var received = Assert.Single(await receiver.WaitForDeliveriesAsync(1));
        Assert.True(WebhookReceiver.Verifies(secret, received));
        Assert.Equal("observation-accepted", received.Event);
        Assert.DoesNotContain(pending, received.Body);
        Assert.DoesNotContain("foreman", received.Body);
        Assert.DoesNotContain("-10.71", received.Body); // the precise latitude as submitted
        // The entry is the anonymous timeline's, but for the observation's details: its organization and finding only.
        var entry = JsonNode.Parse(received.Body)!["entry"]!.AsObject();
        var timeline = await api.Anonymous().GetAsync($"/api/deals/{dealId}/timeline").Expect(HttpStatusCode.OK);
        var shown = JsonNode.Parse(timeline.GetProperty("entries").EnumerateArray()
            .Single(e => e.GetProperty("type").GetString() == "observation-accepted").GetRawText())!.AsObject();
        var details = entry["details"]!.AsObject();
        Assert.Equal(["commitmentId", "dealId", "finding", "observationId", "observedOn", "organizationName"],
            details.Select(p => p.Key).Order());
        Assert.True(JsonNode.DeepEquals(shown["details"]!["finding"], details["finding"]));
        entry.Remove("details");
        shown.Remove("details");
        Assert.True(JsonNode.DeepEquals(shown, entry), $"sent {entry}\nshown {shown}");

        await Task.Delay(1500); // a pending observation, had it been sent, would have been by now
        Assert.Single(receiver.All);
        Assert.Equal(1, (await LogAsync(observer, subscriptionId)).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task while_the_receiver_is_down_nothing_is_lost_and_each_delivery_keeps_its_id()
    {
        await using var receiver = new WebhookReceiver(); // its port closed: connections are refused
        var dealId = await api.RegisterDeal();
        using var observer = await api.ClientWithRole("observer");
        var (subscriptionId, secret) = await SubscribeAsync(observer, receiver.Url, new { deals = new[] { dealId } });
        const int Count = 5;
        for (var i = 0; i < Count; i++)
            await api.Admin().Post($"/api/deals/{dealId}/amendments", Amendment($"Change {i}")).Expect(HttpStatusCode.Created);

        // Every delivery has failed at least twice before the receiver comes up.
        var down = await UntilAsync(async () => await LogAsync(observer, subscriptionId), l =>
            l.GetProperty("total").GetInt32() == Count && l.GetProperty("deliveries").EnumerateArray()
                .All(d => d.GetProperty("attempts").GetArrayLength() >= 2));
        var pendingIds = down.GetProperty("deliveries").EnumerateArray().Select(d => d.GetProperty("id").GetString()!).ToHashSet();
        Assert.All(down.GetProperty("deliveries").EnumerateArray(), d =>
        {
            Assert.Equal("pending", d.GetProperty("state").GetString());
            Assert.All(d.GetProperty("attempts").EnumerateArray(),
                a => Assert.Equal(JsonValueKind.Null, a.GetProperty("status").ValueKind));
        });

        receiver.Start();
        var received = await receiver.WaitForDeliveriesAsync(Count);
        Assert.Equal(pendingIds, received.Select(r => r.DeliveryId).ToHashSet());
        Assert.All(received, r => Assert.True(WebhookReceiver.Verifies(secret, r)));
        Assert.Equal(Enumerable.Range(0, Count).Select(i => $"Amendment: Change {i}").Order(),
            received.DistinctBy(r => r.DeliveryId)
                .Select(r => JsonNode.Parse(r.Body)!["entry"]!["summary"]!.GetValue<string>()).Order());
        var log = await UntilAsync(async () => await LogAsync(observer, subscriptionId), l =>
            l.GetProperty("deliveries").EnumerateArray().All(d => d.GetProperty("state").GetString() == "delivered"));
        var sequences = log.GetProperty("deliveries").EnumerateArray().Select(d => d.GetProperty("sequence").GetInt64()).ToList();
        Assert.Equal(sequences.OrderDescending(), sequences); // newest first
    }

    [Fact]
    public async Task a_filter_on_a_party_alias_and_a_kind_sends_only_what_it_names()
    {
        await using var receiver = new WebhookReceiver().Start();
        var dealId = await api.RegisterDeal(new
        {
            title = "Filtered deal", summary = "Roads.", signedOn = "2008-04-22", sources = new[] { Scenarios.Source() },
            parties = new object[]
            {
                new { name = "Democratic Republic of the Congo", kind = "state", country = "CD" },
                new { name = "Sino-Congolaise des Mines", kind = "company", country = "CN", aliases = new[] { "Sicomines" } },
            },
        });
        var ours = await api.MakeCommitment(dealId);
        var theirs = await api.MakeCommitment(dealId, new
        {
            promisor = "Democratic Republic of the Congo", beneficiary = "Sino-Congolaise des Mines", title = "Grant the permits",
            category = "mining", target = new { amount = 1, unit = "km" }, dueOn = "2030-12-31", binding = true,
            madeOn = "2008-04-22", sources = new[] { Scenarios.Source() },
        });
        using var observer = await api.ClientWithRole("observer");
        var (_, secret) = await SubscribeAsync(observer, receiver.Url,
            new { deals = new[] { dealId }, parties = new[] { "sicomines" }, kinds = new[] { "commitment-revised" } });

        foreach (var id in new[] { theirs, ours })
            await api.Admin().Post($"/api/commitments/{id}/revisions", new
            {
                dueOn = "2040-12-31", effectiveOn = "2012-06-01", reason = "Rescheduled", sources = new[] { Scenarios.Source() },
            }).Expect(HttpStatusCode.Created);
        await api.Admin().Post($"/api/deals/{dealId}/amendments", Amendment("Not a revision")).Expect(HttpStatusCode.Created);

        var received = Assert.Single(await receiver.WaitForDeliveriesAsync(1));
        Assert.Equal("commitment-revised", received.Event);
        Assert.Equal(ours, JsonNode.Parse(received.Body)!["entry"]!["commitmentId"]!.GetValue<string>());
        Assert.True(WebhookReceiver.Verifies(secret, received));
        await Task.Delay(1500);
        Assert.Single(receiver.All);
    }

    [Fact]
    public async Task deleting_a_subscription_stops_its_pending_deliveries()
    {
        await using var receiver = new WebhookReceiver();
        var dealId = await api.RegisterDeal();
        using var observer = await api.ClientWithRole("observer");
        var (subscriptionId, _) = await SubscribeAsync(observer, receiver.Url, new { deals = new[] { dealId } });
        await api.Admin().Post($"/api/deals/{dealId}/amendments", Amendment("Never delivered")).Expect(HttpStatusCode.Created);
        await UntilAsync(async () => await LogAsync(observer, subscriptionId), l => l.GetProperty("total").GetInt32() == 1);

        using (var deleted = await observer.DeleteAsync($"/api/subscriptions/{subscriptionId}"))
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        receiver.Start();
        await Task.Delay(3000); // three retry periods
        Assert.Empty(receiver.All);
    }

    [Fact]
    public async Task a_revoked_keys_subscription_is_sent_nothing_more()
    {
        await using var receiver = new WebhookReceiver().Start();
        var dealId = await api.RegisterDeal();
        var organizationId = await api.RegisterOrganization("Revoked");
        var (key, keyId) = await api.IssueKey(organizationId, "observer");
        await SubscribeAsync(api.WithKey(key), receiver.Url, new { deals = new[] { dealId } });
        await api.Admin().Post($"/api/deals/{dealId}/amendments", Amendment("Before")).Expect(HttpStatusCode.Created);
        await receiver.WaitForDeliveriesAsync(1);

        await api.Admin().Post($"/api/organizations/{organizationId}/keys/{keyId}/revocation", new { reason = "Leaked" })
            .Expect(HttpStatusCode.OK);
        await api.Admin().Post($"/api/deals/{dealId}/amendments", Amendment("After")).Expect(HttpStatusCode.Created);
        await api.WaitForProjectionsAsync();
        await Task.Delay(1500);
        Assert.Equal("Amendment: Before",
            JsonNode.Parse(Assert.Single(receiver.All).Body)!["entry"]!["summary"]!.GetValue<string>());
    }

    static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done, int seconds = 60)
    {
        var giveUpAt = DateTime.UtcNow.AddSeconds(seconds);
        var last = await probe();
        while (!done(last) && DateTime.UtcNow < giveUpAt)
        {
            await Task.Delay(200);
            last = await probe();
        }
        Assert.True(done(last), $"gave up waiting; last seen: {JsonSerializer.Serialize(last)}");
        return last;
    }

    static Task<IReadOnlyList<Received>> UntilAsync(Func<bool> done, Func<IReadOnlyList<Received>> value) =>
        UntilAsync(() => Task.FromResult(value()), _ => done());
}
