using System.Net;
using System.Text.Json;
using Ledger.Api.Tests.Hosting;

namespace Ledger.Api.Tests.Transparency;

/// <summary>Every write answers with the sequence PostgreSQL gave its event, so the writer can later demand its inclusion proof.</summary>
[Collection(TransparencyCollection.Name)]
public sealed class writes_answer_with_receipts(LedgerApi api)
{
    static readonly object[] Sources = [Scenarios.Source()];

    async Task AssertReceiptIsTheEvent(JsonElement response, string streamId, string type)
    {
        Assert.True(response.TryGetProperty("receipt", out var receipt), $"no receipt in {response}");
        Assert.Equal(JsonValueKind.Number, receipt.GetProperty("sequence").ValueKind);
        var sequence = receipt.GetProperty("sequence").GetInt64();
        Assert.Equal($"{streamId}/{type}", await api.ScalarAsync<string>(
            "SELECT stream_id::text || '/' || type FROM mt_events WHERE seq_id = @sequence", ("sequence", sequence)));
    }

    [Fact]
    public async Task every_write_answers_with_the_sequence_of_the_event_it_appended()
    {
        var admin = api.Admin();
        var organization = await admin.Post("/api/organizations", new { name = $"Receipts {Guid.NewGuid():N}" }).Expect(HttpStatusCode.Created);
        var organizationId = organization.GetProperty("id").GetString()!;
        await AssertReceiptIsTheEvent(organization, organizationId, "organization_registered");

        var key = await admin.Post($"/api/organizations/{organizationId}/keys", new { role = "observer" }).Expect(HttpStatusCode.Created);
        await AssertReceiptIsTheEvent(key, key.GetProperty("id").GetString()!, "api_key_issued");
        var observer = api.WithKey(key.GetProperty("key").GetString()!);

        var deal = await admin.Post("/api/deals", Scenarios.Deal()).Expect(HttpStatusCode.Created);
        var dealId = deal.GetProperty("id").GetString()!;
        await AssertReceiptIsTheEvent(deal, dealId, "deal_registered");
        await AssertReceiptIsTheEvent(await admin.Post($"/api/deals/{dealId}/amendments",
            new { effectiveOn = "2009-10-01", summary = "Tranche reduced", sources = Sources }).Expect(HttpStatusCode.Created), dealId, "deal_amended");
        await AssertReceiptIsTheEvent(await admin.Post($"/api/deals/{dealId}/announcements", new
        {
            speaker = "A spokesperson", speakerRole = "Government", madeOn = "2025-03-20", statement = "Talks go on.", language = "en", sources = Sources,
        }).Expect(HttpStatusCode.Created), dealId, "announcement_recorded");

        var commitment = await admin.Post($"/api/deals/{dealId}/commitments", Scenarios.Commitment()).Expect(HttpStatusCode.Created);
        var commitmentId = commitment.GetProperty("id").GetString()!;
        await AssertReceiptIsTheEvent(commitment, commitmentId, "commitment_made");
        await AssertReceiptIsTheEvent(await admin.Post($"/api/commitments/{commitmentId}/revisions", new
        {
            target = new { amount = 2500, unit = "km" }, effectiveOn = "2015-01-01", reason = "Renegotiated", sources = Sources,
        }).Expect(HttpStatusCode.Created), commitmentId, "commitment_revised");
        await AssertReceiptIsTheEvent(await admin.Post($"/api/commitments/{commitmentId}/claims",
            new { claimedBy = "Sicomines", amount = 100, asOf = "2020-01-01", sources = Sources }).Expect(HttpStatusCode.Created),
            commitmentId, "delivery_claimed");

        var observation = await observer.Post($"/api/commitments/{commitmentId}/observations", Scenarios.Observation(), Guid.NewGuid().ToString())
            .Expect(HttpStatusCode.Created);
        var observationId = observation.GetProperty("id").GetString()!;
        await AssertReceiptIsTheEvent(observation, observationId, "observation_submitted");
        await AssertReceiptIsTheEvent(await admin.Post($"/api/observations/{observationId}/moderation", new { decision = "accepted" })
            .Expect(HttpStatusCode.OK), observationId, "observation_accepted");
        await AssertReceiptIsTheEvent(await admin.Post($"/api/commitments/{commitmentId}/withdrawal",
            new { withdrawnOn = "2021-01-01", reason = "Dropped", sources = Sources }).Expect(HttpStatusCode.OK), commitmentId, "commitment_withdrawn");
    }

    [Fact]
    public async Task a_replayed_response_carries_the_receipt_of_the_first()
    {
        var (_, commitmentId) = await api.DealWithCommitment();
        var observer = await api.ClientWithRole("observer");
        var key = Guid.NewGuid().ToString();

        var first = await observer.Post($"/api/commitments/{commitmentId}/observations", Scenarios.Observation(), key).Expect(HttpStatusCode.Created);
        await api.RegisterDeal(); // another event in between: a replay must not pick up a later sequence
        var replay = await observer.Post($"/api/commitments/{commitmentId}/observations", Scenarios.Observation(), key).Expect(HttpStatusCode.Created);

        Assert.Equal(first.GetProperty("receipt").GetRawText(), replay.GetProperty("receipt").GetRawText());
        await AssertReceiptIsTheEvent(replay, first.GetProperty("id").GetString()!, "observation_submitted");
        // An observation's idempotency record is a digest of its request, kept beside it: no stored answer to patch.
        Assert.DoesNotContain("pending:", await api.ScalarAsync<string>(
            "SELECT coalesce(string_agg(body, ' '), '') FROM wolverine_deduplicated_responses"));
    }

    [Fact]
    public async Task a_receipt_proves_its_own_inclusion_once_a_checkpoint_covers_it()
    {
        var created = await api.Admin().Post("/api/deals", Scenarios.Deal("Receipt to prove")).Expect(HttpStatusCode.Created);
        var sequence = created.GetProperty("receipt").GetProperty("sequence").GetInt64();
        await api.CheckpointCoveringEverythingAsync();

        var proof = await api.Anonymous().GetAsync($"/api/ledger/proofs/inclusion?sequence={sequence}").Expect(HttpStatusCode.OK);
        LogScenarios.Holds(await api.ProveAsync("sequence", sequence));
        Assert.Equal(proof.GetProperty("leafIndex").GetInt64(),
            (await api.Anonymous().GetAsync($"/api/ledger/entries/{proof.GetProperty("leafIndex").GetInt64()}").Expect(HttpStatusCode.OK))
            .GetProperty("index").GetInt64());
    }
}
