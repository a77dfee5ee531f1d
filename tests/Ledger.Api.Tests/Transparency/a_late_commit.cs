using Ledger.Api.Tests.Hosting;
using Npgsql;

namespace Ledger.Api.Tests.Transparency;

/// <summary>
/// An event whose transaction commits after later events were logged is still logged, after them: the late-arrival
/// sweep finds it. A database of its own, as the log's order differs from the sequence's here.
/// </summary>
public sealed class a_late_commit(LedgerApi api) : IClassFixture<LedgerApi>
{
    [Fact]
    public async Task is_logged_after_the_events_that_committed_before_it()
    {
        var (dealId, _) = await api.DealWithCommitment();
        await api.CheckpointCoveringEverythingAsync();
        // A sequence number taken and not yet committed, as by a slow transaction. Marten's daemon waits on an open
        // transaction it can see; one it cannot (no lock left to see) it passes after its gap wait, as here.
        var late = await api.ScalarAsync<long>("SELECT nextval('mt_events_sequence')");
        await api.DealWithCommitment();
        Assert.True(await LoggedAfterAsync(late), "the events after the reserved sequence were never logged");

        await CommitLateAsync(late, Guid.Parse(dealId));
        await api.CheckpointCoveringEverythingAsync();

        var leafOfLate = await api.ScalarAsync<long>(
            "SELECT leaf_index FROM ledger_log_leaves WHERE sequence = @s", ("s", late));
        var lastOfLater = await api.ScalarAsync<long>(
            "SELECT max(leaf_index) FROM ledger_log_leaves WHERE sequence > @s", ("s", late));
        Assert.True(leafOfLate > lastOfLater, $"leaf {leafOfLate} should follow {lastOfLater}: it became visible last");
        LogScenarios.Holds(await api.AuditAsync(LogScenarios.NewStateDirectory(), full: true));
    }

    async Task<bool> LoggedAfterAsync(long sequence)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            const string later = "SELECT count(*) FROM ledger_log_leaves WHERE sequence > @s";
            if (await api.ScalarAsync<long>(later, ("s", sequence)) > 0) return true;
            await Task.Delay(200);
        }
        return false;
    }

    // The late transaction's event: a copy of the deal's registration on a stream of its own, at the reserved sequence.
    async Task CommitLateAsync(long sequence, Guid copiedDeal)
    {
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        await using var insert = new NpgsqlCommand("""
            INSERT INTO mt_streams (id, type, version, tenant_id)
            SELECT @late, type, 1, tenant_id FROM mt_streams WHERE id = @deal;
            INSERT INTO mt_events (seq_id, id, stream_id, version, data, type, timestamp, tenant_id, mt_dotnet_type)
            SELECT @seq, gen_random_uuid(), @late, 1, jsonb_set(data, '{dealId}', to_jsonb(@late::text)), type, now(),
                   tenant_id, mt_dotnet_type
            FROM mt_events WHERE stream_id = @deal AND version = 1;
            """, connection);
        insert.Parameters.AddWithValue("late", Guid.CreateVersion7());
        insert.Parameters.AddWithValue("deal", copiedDeal);
        insert.Parameters.AddWithValue("seq", sequence);
        await insert.ExecuteNonQueryAsync();
    }
}
