using System.Net;
using System.Text.Json;
using Ledger.Api.Tests.Hosting;

namespace Ledger.Api.Tests.Transparency;

/// <summary>
/// Crypto-shredding: an observer's details are stored only sealed under their observation's data key; erasure destroys
/// the key, so they can be read nowhere, while the finding, the figures and every proof of the log stay as they were.
/// </summary>
[Collection(TransparencyCollection.Name)]
public sealed class erasing_an_observation(LedgerApi api)
{
    static object Sensitive(string tag) => new
    {
        observedOn = "2024-03-01",
        finding = new { assessment = "partially-delivered", amount = 120 },
        narrative = $"Seen from the ridge by the bridge, tag {tag}.",
        language = "fr",
        location = new { place = "Kolwezi", lat = -10.712345, lon = 25.476543 },
        evidence = new[] { new { sha256 = new string('b', 64), mediaType = "image/jpeg", url = $"https://evidence.example.org/{tag}.jpg", title = "Ridge" } },
        observer = $"Walker {tag[..6]}",
        contact = "+243 81 555 0199",
    };

    static string[] Needles(string tag) =>
        [$"tag {tag}", "-10.712345", "25.476543", $"https://evidence.example.org/{tag}", $"Walker {tag[..6]}", "555 0199"];

    [Fact]
    public async Task the_details_exist_only_sealed_and_after_erasure_nowhere_while_figures_and_proofs_stand()
    {
        var tag = Guid.NewGuid().ToString("N");
        var (_, commitmentId) = await api.DealWithCommitment();
        var (observer, curator) = await api.OneOrganization();
        var (_, otherCurator) = await api.OneOrganization();
        var id = await api.SubmitObservation(observer, commitmentId, Sensitive(tag));
        await api.Admin().Post($"/api/observations/{id}/moderation", new { decision = "accepted" }).Expect(HttpStatusCode.OK);

        // Stored only sealed: no table holds any of the details in the clear.
        foreach (var needle in Needles(tag)) Assert.Empty(await api.TablesHoldingAsync(needle));

        // ...yet readable, as each may: the organization's curator reads all; the public reads no contact, a coarse position.
        var own = await curator.GetAsync($"/api/observations/{id}").Expect(HttpStatusCode.OK);
        Assert.Equal("+243 81 555 0199", own.GetProperty("contact").GetString());
        Assert.Equal(-10.712345, own.GetProperty("location").GetProperty("lat").GetDouble(), 6);
        Assert.Equal($"https://evidence.example.org/{tag}.jpg", own.GetProperty("evidence")[0].GetProperty("url").GetString());
        var seen = await api.Anonymous().GetAsync($"/api/observations/{id}").Expect(HttpStatusCode.OK);
        Assert.Contains($"tag {tag}", seen.GetProperty("narrative").GetString());
        Assert.Equal($"Walker {tag[..6]}", seen.GetProperty("observer").GetString());
        Assert.False(seen.TryGetProperty("contact", out _));
        Assert.Equal(0.1, seen.GetProperty("location").GetProperty("coarsenedTo").GetDouble(), 6);
        var before = await api.Status(commitmentId);

        await otherCurator.Post($"/api/observations/{id}/erasure", new { reason = "Not theirs" }).ExpectProblem(HttpStatusCode.Forbidden);
        await observer.Post($"/api/observations/{id}/erasure", new { reason = "Observers cannot" })
            .ExpectProblem(HttpStatusCode.Forbidden);
        await curator.Post($"/api/observations/{id}/erasure", new { }).ExpectProblem(HttpStatusCode.BadRequest, "reason");
        var erased = await curator.Post($"/api/observations/{id}/erasure", new { reason = "The observer was threatened" })
            .Expect(HttpStatusCode.OK);
        Assert.True(erased.GetProperty("erased").GetBoolean());
        await curator.Post($"/api/observations/{id}/erasure", new { reason = "Again" }).ExpectProblem(HttpStatusCode.Conflict);

        // Unreadable for everyone, the admin included; the finding and the figures unchanged.
        var after = await api.Admin().GetAsync($"/api/observations/{id}").Expect(HttpStatusCode.OK);
        Assert.True(after.GetProperty("erased").GetBoolean());
        Assert.Equal(JsonValueKind.Null, after.GetProperty("narrative").ValueKind);
        Assert.Equal(JsonValueKind.Null, after.GetProperty("observer").ValueKind);
        Assert.False(after.TryGetProperty("contact", out _));
        Assert.Equal(JsonValueKind.Null, after.GetProperty("location").GetProperty("lat").ValueKind);
        Assert.Equal(JsonValueKind.Null, after.GetProperty("evidence")[0].GetProperty("url").ValueKind);
        Assert.Equal("Kolwezi", after.GetProperty("location").GetProperty("place").GetString());
        Assert.Equal(120m, after.GetProperty("finding").GetProperty("amount").GetDecimal());
        var now = await api.Status(commitmentId);
        foreach (var figure in new[] { "verified", "claimed", "gap", "status" })
            Assert.Equal(before.GetProperty(figure).ToString(), now.GetProperty(figure).ToString());
        Assert.Equal(0, await api.ScalarAsync<long>("SELECT count(*) FROM mt_doc_observationkey WHERE id = @id::uuid", ("id", id)));
        foreach (var needle in Needles(tag)) Assert.Empty(await api.TablesHoldingAsync(needle));

        // The erasure is on record (who, when), its reason not public; the log's proofs and the full audit hold.
        var history = await api.Anonymous().GetAsync($"/api/commitments/{commitmentId}/history").Expect(HttpStatusCode.OK);
        var erasure = Assert.Single(history.EnumerateArray(), e => e.GetProperty("type").GetString() == "observation_erased");
        Assert.Equal("", erasure.GetProperty("data").GetProperty("reason").GetString());
        var ownHistory = await curator.GetAsync($"/api/commitments/{commitmentId}/history").Expect(HttpStatusCode.OK);
        Assert.Contains(ownHistory.EnumerateArray(), e => e.GetProperty("type").GetString() == "observation_erased"
            && e.GetProperty("data").GetProperty("reason").GetString() == "The observer was threatened");
        await api.CheckpointCoveringEverythingAsync();
        var submitted = await api.ScalarAsync<long>(
            "SELECT seq_id FROM mt_events WHERE stream_id = @id::uuid AND version = 1", ("id", id));
        await api.Anonymous().GetAsync($"/api/ledger/proofs/inclusion?sequence={submitted}").Expect(HttpStatusCode.OK);
        LogScenarios.Holds(await api.AuditAsync(LogScenarios.NewStateDirectory(), full: true));
    }
}
