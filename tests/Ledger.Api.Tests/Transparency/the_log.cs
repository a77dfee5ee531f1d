using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Ledger.Api.Tests.Hosting;
using Ledger.Verify;
using Npgsql;

namespace Ledger.Api.Tests.Transparency;

/// <summary>The log as anyone reads it: every event an entry, signed checkpoints, the key, and no observer's identity in clear.</summary>
[Collection(TransparencyCollection.Name)]
public sealed class the_log(LedgerApi api)
{
    [Fact]
    public async Task every_event_is_an_entry_in_sequence_order_and_hashes_to_its_leaf()
    {
        var (_, commitmentId) = await api.DealWithCommitment();
        await api.SubmitObservation(await api.ClientWithRole("observer"), commitmentId);
        var checkpoint = await api.CheckpointCoveringEverythingAsync();
        var size = checkpoint.GetProperty("treeSize").GetInt64();

        // An admin is served every entry; the public is not served those of observations not yet public.
        var page = await api.Admin().GetAsync($"/api/ledger/entries?start=0&count={size}").Expect(HttpStatusCode.OK);
        var entries = page.GetProperty("items").EnumerateArray().ToList();
        var logged = entries.Select(e => e.GetProperty("sequence").GetInt64()).ToList();
        var sequences = await SequencesAsync();

        Assert.Equal(sequences.Take((int)size), logged);
        Assert.Equal(Enumerable.Range(0, (int)size).Select(i => (long)i), entries.Select(e => e.GetProperty("index").GetInt64()));
        Assert.All(entries, e => Assert.Equal(e.GetProperty("leafHash").GetString(),
            Convert.ToBase64String(SHA256.HashData([0x00, .. Encoding.UTF8.GetBytes(e.GetProperty("entry").GetString()!)]))));
    }

    [Fact]
    public async Task an_entry_shows_the_observers_identity_and_sealed_details_only_as_salted_hashes()
    {
        var (_, commitmentId) = await api.DealWithCommitment();
        var observationId = await api.SubmitObservation(await api.ClientWithRole("observer"), commitmentId);
        await api.CheckpointCoveringEverythingAsync();
        var sequence = await api.ScalarAsync<long>("SELECT seq_id FROM mt_events WHERE stream_id = @id::uuid", ("id", observationId));
        var index = (await api.Anonymous().GetAsync($"/api/ledger/proofs/inclusion?sequence={sequence}").Expect(HttpStatusCode.OK))
            .GetProperty("leafIndex").GetInt64();

        var entry = await api.Admin().GetAsync($"/api/ledger/entries/{index}").Expect(HttpStatusCode.OK);
        var text = entry.GetProperty("entry").GetString()!;
        var data = entry.GetProperty("event").GetProperty("data");

        Assert.Equal("observation_submitted", entry.GetProperty("event").GetProperty("type").GetString());
        Assert.DoesNotContain("observer organization", text);
        Assert.DoesNotContain("-10.71", text);
        Assert.Equal(JsonValueKind.String, data.GetProperty("organizationName").GetProperty("saltedSha256").ValueKind);
        // The position is not in the event at all, only in its sealed details, which the entry shows as a salted hash.
        Assert.Equal(JsonValueKind.Null, data.GetProperty("location").GetProperty("lat").ValueKind);
        Assert.Equal(JsonValueKind.String, data.GetProperty("sealed").GetProperty("saltedSha256").ValueKind);
        Assert.Equal("Kolwezi", data.GetProperty("location").GetProperty("place").GetString());
        Assert.Equal(3, await api.ScalarAsync<long>("SELECT count(*) FROM ledger_log_seals WHERE sequence = @s", ("s", sequence)));
    }

    [Fact]
    public async Task the_checkpoint_is_a_signed_note_that_the_published_key_verifies()
    {
        await api.RegisterDeal();
        var checkpoint = await api.CheckpointCoveringEverythingAsync();
        var key = await api.Anonymous().GetAsync("/api/ledger/public-key").Expect(HttpStatusCode.OK);

        var request = new HttpRequestMessage(HttpMethod.Get, "/api/ledger/checkpoint");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/plain"));
        using var response = await api.Anonymous().SendAsync(request);
        var note = await response.Content.ReadAsStringAsync();
        var opened = Checkpoint.Parse(SignedNote.Open(note, VerifierKey.Parse(key.GetProperty("verifierKey").GetString()!)));

        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(LedgerApi.Origin, opened.Origin);
        Assert.Equal(LedgerApi.Origin, key.GetProperty("origin").GetString());
        Assert.Equal("ed25519", key.GetProperty("algorithm").GetString());
        Assert.True(opened.TreeSize >= checkpoint.GetProperty("treeSize").GetInt64());

        // The JSON form carries the same signed note, and its fields are read from it.
        var json = await api.Anonymous().GetAsync("/api/ledger/checkpoint").Expect(HttpStatusCode.OK);
        var inJson = Checkpoint.Parse(SignedNote.Open(json.GetProperty("note").GetString()!, VerifierKey.Parse(key.GetProperty("verifierKey").GetString()!)));
        Assert.Equal(json.GetProperty("treeSize").GetInt64(), inJson.TreeSize);
        Assert.Equal(json.GetProperty("rootHash").GetString(), inJson.Root);
    }

    [Fact]
    public async Task every_checkpoint_is_kept_newest_first_and_each_extends_the_one_before()
    {
        await api.RegisterDeal();
        await api.CheckpointCoveringEverythingAsync();
        await api.RegisterDeal();
        await api.CheckpointCoveringEverythingAsync();

        var page = await api.Anonymous().GetAsync("/api/ledger/checkpoints?pageSize=500").Expect(HttpStatusCode.OK);
        var items = page.GetProperty("items").EnumerateArray().ToList();
        var sizes = items.Select(c => c.GetProperty("treeSize").GetInt64()).ToList();

        Assert.True(items.Count >= 2);
        Assert.Equal(sizes.OrderDescending(), sizes);
        Assert.Equal(items.Count, page.GetProperty("total").GetInt64());
        var (newer, older) = (items[0], items[1]);
        var latest = await api.Anonymous().GetAsync("/api/ledger/checkpoint").Expect(HttpStatusCode.OK);
        // The newest, or one published since.
        Assert.True(latest.GetProperty("treeSize").GetInt64() >= newer.GetProperty("treeSize").GetInt64());
        if (older.GetProperty("treeSize").GetInt64() == 0) return;
        var proof = await api.Anonymous().GetAsync(
            $"/api/ledger/proofs/consistency?from={older.GetProperty("treeSize")}&to={newer.GetProperty("treeSize")}").Expect(HttpStatusCode.OK);
        Assert.True(Merkle.VerifyConsistency(older.GetProperty("treeSize").GetInt64(), newer.GetProperty("treeSize").GetInt64(),
            [.. proof.GetProperty("hashes").EnumerateArray().Select(h => Convert.FromBase64String(h.GetString()!))],
            Convert.FromBase64String(older.GetProperty("rootHash").GetString()!), Convert.FromBase64String(newer.GetProperty("rootHash").GetString()!)));
    }

    [Theory]
    [InlineData("UPDATE ledger_log_nodes SET hash = '\\x00'::bytea")]
    [InlineData("DELETE FROM ledger_log_leaves")]
    [InlineData("TRUNCATE ledger_checkpoints")]
    [InlineData("UPDATE ledger_log_seals SET digest = '\\x00'::bytea")]
    public async Task the_log_tables_refuse_changes_in_place(string sql)
    {
        await api.RegisterDeal();
        await api.CheckpointCoveringEverythingAsync();

        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        var error = await Assert.ThrowsAsync<PostgresException>(() => new NpgsqlCommand(sql, connection).ExecuteNonQueryAsync());

        Assert.Contains("append-only", error.MessageText);
    }

    [Fact]
    public async Task erasing_a_salt_is_the_one_change_the_log_allows_and_it_keeps_the_leaf()
    {
        var (_, commitmentId) = await api.DealWithCommitment();
        var observationId = await api.SubmitObservation(await api.ClientWithRole("observer"), commitmentId);
        await api.CheckpointCoveringEverythingAsync();
        var sequence = await api.ScalarAsync<long>("SELECT seq_id FROM mt_events WHERE stream_id = @id::uuid", ("id", observationId));
        var index = await api.ScalarAsync<long>("SELECT leaf_index FROM ledger_log_leaves WHERE sequence = @s", ("s", sequence));

        // Erasure as it would be done: the value leaves the event (here behind the append-only trigger's back), its salt is deleted.
        await api.TamperAsync("""
            ALTER TABLE mt_events DISABLE TRIGGER ALL;
            UPDATE mt_events SET data = jsonb_set(data, '{organizationName}', 'null') WHERE seq_id = @s;
            ALTER TABLE mt_events ENABLE TRIGGER ALL;
            UPDATE ledger_log_seals SET salt = NULL WHERE sequence = @s AND path = 'organizationName';
            """, ("s", sequence));

        var entry = await api.Admin().GetAsync($"/api/ledger/entries/{index}").Expect(HttpStatusCode.OK);
        Assert.Equal(entry.GetProperty("leafHash").GetString(),
            Convert.ToBase64String(SHA256.HashData([0x00, .. Encoding.UTF8.GetBytes(entry.GetProperty("entry").GetString()!)])));
        LogScenarios.Holds(await api.ProveAsync("sequence", sequence));
        Assert.Contains((await api.ProveAsync("sequence", sequence)).Lines, l => l.Contains("is withheld from this key"));
    }

    async Task<List<long>> SequencesAsync()
    {
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT seq_id FROM mt_events WHERE type <> 'tombstone' ORDER BY seq_id", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var sequences = new List<long>();
        while (await reader.ReadAsync()) sequences.Add(reader.GetInt64(0));
        return sequences;
    }
}
