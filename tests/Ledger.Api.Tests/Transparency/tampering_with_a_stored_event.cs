using System.Net;
using Ledger.Api.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Ledger.Api.Tests.Transparency;

/// <summary>An operator changes an event in the database behind the ledger's back: the entry no longer hashes to its leaf.</summary>
public sealed class tampering_with_a_stored_event(LedgerApi api) : IClassFixture<LedgerApi>
{
    [Fact]
    public async Task a_full_audit_and_the_receipts_proof_fail_and_name_the_entry()
    {
        var (_, commitmentId) = await api.DealWithCommitment();
        var claim = await api.Admin().Post($"/api/commitments/{commitmentId}/claims",
            new { claimedBy = "Sicomines", amount = 100, asOf = "2020-01-01", sources = new[] { Scenarios.Source() } }).Expect(HttpStatusCode.Created);
        await api.RegisterDeal(Scenarios.Deal("Logged after the claim"));
        var sequence = claim.GetProperty("receipt").GetProperty("sequence").GetInt64();
        await api.CheckpointCoveringEverythingAsync();
        var state = LogScenarios.NewStateDirectory();
        LogScenarios.Holds(await api.AuditAsync(state, full: true));
        var index = await api.ScalarAsync<long>("SELECT leaf_index FROM ledger_log_leaves WHERE sequence = @s", ("s", sequence));

        // The claim grows from 100 km to 2,999 km. The append-only trigger is in the way, so a superuser disables it first.
        await api.TamperAsync("""
            ALTER TABLE mt_events DISABLE TRIGGER ALL;
            UPDATE mt_events SET data = jsonb_set(data, '{amount}', '2999') WHERE seq_id = @s;
            ALTER TABLE mt_events ENABLE TRIGGER ALL;
            """, ("s", sequence));

        LogScenarios.Fails(await api.AuditAsync(state, full: true),
            $"entry {index} (sequence {sequence}): its event as stored now no longer hashes to the leaf the log recorded");
        LogScenarios.Fails(await api.ProveAsync("sequence", sequence, state),
            $"entry {index} (sequence {sequence}): its event as stored now does not hash to the leaf");
        // The tree itself was not touched: what the daily audit proves (the log only grew) still holds; --full is what re-reads the store.
        LogScenarios.Holds(await api.AuditAsync(state));
    }
}

/// <summary>An operator deletes the last event and records another: first without touching the log, then rewriting it too.</summary>
public sealed class deleting_the_last_event(LedgerApi api) : IClassFixture<LedgerApi>
{
    [Fact]
    public async Task a_deleted_event_leaves_its_leaf_behind_and_a_rewritten_log_breaks_consistency_with_the_watchdogs_checkpoint()
    {
        await api.DealWithCommitment();
        await api.RegisterDeal(Scenarios.Deal("The last event, soon deleted"));
        var before = (await api.CheckpointCoveringEverythingAsync()).GetProperty("treeSize").GetInt64();
        var state = LogScenarios.NewStateDirectory();
        LogScenarios.Holds(await api.AuditAsync(state, full: true));
        var last = await api.ScalarAsync<long>("SELECT max(seq_id) FROM mt_events WHERE type <> 'tombstone'");

        // 1. Delete the last event and record another in its place: the log still holds the deleted one's leaf.
        await api.TamperAsync("""
            ALTER TABLE mt_events DISABLE TRIGGER ALL;
            DELETE FROM mt_events WHERE seq_id = @s;
            ALTER TABLE mt_events ENABLE TRIGGER ALL;
            """, ("s", last));
        await api.RegisterDeal(Scenarios.Deal("Recorded in its place"));
        await api.CheckpointCoveringEverythingAsync(atLeast: before + 1);

        LogScenarios.Fails(await api.AuditAsync(state, full: true), $"entry {before - 1} (sequence {last}): its event is no longer in the store");

        // 2. Cover the tracks: remove the orphan leaf and everything after it, with the nodes above them and every checkpoint,
        //    so that the log re-appends what is in the store now and signs afresh.
        await api.TamperAsync("""
            ALTER TABLE ledger_log_leaves DISABLE TRIGGER ALL;
            ALTER TABLE ledger_log_nodes DISABLE TRIGGER ALL;
            ALTER TABLE ledger_log_seals DISABLE TRIGGER ALL;
            ALTER TABLE ledger_checkpoints DISABLE TRIGGER ALL;
            DELETE FROM ledger_log_seals WHERE sequence IN (SELECT sequence FROM ledger_log_leaves WHERE leaf_index >= @i);
            DELETE FROM ledger_log_leaves WHERE leaf_index >= @i;
            DELETE FROM ledger_log_nodes WHERE ((idx + 1) << level::int) > @i;
            DELETE FROM ledger_checkpoints;
            ALTER TABLE ledger_log_leaves ENABLE TRIGGER ALL;
            ALTER TABLE ledger_log_nodes ENABLE TRIGGER ALL;
            ALTER TABLE ledger_log_seals ENABLE TRIGGER ALL;
            ALTER TABLE ledger_checkpoints ENABLE TRIGGER ALL;
            """, ("i", before - 1));
        await api.RegisterDeal(Scenarios.Deal("After the rewrite")); // the daemon logs it, the late-arrival sweep what the rewrite removed
        await api.CheckpointCoveringEverythingAsync(atLeast: before + 1);
        var replacement = await api.ScalarAsync<long>("SELECT sequence FROM ledger_log_leaves WHERE leaf_index = @i", ("i", before - 1));

        var watchdog = await api.AuditAsync(state);
        LogScenarios.Fails(watchdog, $"does not extend the checkpoint of {before} entries",
            $"entry {before - 1} (now sequence {replacement}) is the first that differs from what the last full audit saw");
        // Someone who starts auditing only now sees a log consistent with itself: only kept checkpoints expose a rewrite.
        LogScenarios.Holds(await api.AuditAsync(LogScenarios.NewStateDirectory(), full: true));
    }
}

/// <summary>The log checks its own history before it signs: a rewritten tree gets no new checkpoint (c2sp.org/tlog-checkpoint).</summary>
public sealed class the_log_refuses_to_sign_a_rewritten_tree(LedgerApi api) : IClassFixture<LedgerApi>
{
    [Fact]
    public async Task no_checkpoint_is_signed_once_the_tree_no_longer_extends_the_last_one()
    {
        await api.DealWithCommitment();
        var signed = (await api.CheckpointCoveringEverythingAsync()).GetProperty("treeSize").GetInt64();

        // Drop the last leaf (not its event) and the nodes above it: the log re-appends it after the next event, in another place.
        await api.TamperAsync("""
            ALTER TABLE ledger_log_leaves DISABLE TRIGGER ALL;
            ALTER TABLE ledger_log_nodes DISABLE TRIGGER ALL;
            ALTER TABLE ledger_log_seals DISABLE TRIGGER ALL;
            DELETE FROM ledger_log_seals WHERE sequence IN (SELECT sequence FROM ledger_log_leaves WHERE leaf_index >= @i);
            DELETE FROM ledger_log_leaves WHERE leaf_index >= @i;
            DELETE FROM ledger_log_nodes WHERE ((idx + 1) << level::int) > @i;
            ALTER TABLE ledger_log_leaves ENABLE TRIGGER ALL;
            ALTER TABLE ledger_log_nodes ENABLE TRIGGER ALL;
            ALTER TABLE ledger_log_seals ENABLE TRIGGER ALL;
            """, ("i", signed - 1));
        await api.RegisterDeal(Scenarios.Deal("Appended after the rewrite"));
        var publisher = api.Services.GetRequiredService<Ledger.Transparency.Checkpoints.PublishingCheckpoints>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await api.ScalarAsync<long>("SELECT count(*) FROM ledger_log_leaves") < signed + 1 && DateTime.UtcNow < deadline) await Task.Delay(100);

        Assert.Null(await publisher.PublishAsync(CancellationToken.None));
        var latest = await api.Anonymous().GetAsync("/api/ledger/checkpoint").Expect(System.Net.HttpStatusCode.OK);
        Assert.Equal(signed, latest.GetProperty("treeSize").GetInt64());
        Assert.Equal(signed + 1, await api.ScalarAsync<long>("SELECT count(*) FROM ledger_log_leaves"));
    }
}
