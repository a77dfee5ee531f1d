using System.Net;
using Ledger.Api.Tests.Hosting;
using Ledger.Transparency.Checkpoints;
using Ledger.Verify;

namespace Ledger.Api.Tests.Transparency;

/// <summary>What a watchdog runs daily, here against the test server: it passes while the ledger only appends.</summary>
[Collection(TransparencyCollection.Name)]
public sealed class auditing_the_log(LedgerApi api)
{
    [Fact]
    public async Task the_first_audit_pins_the_key_and_keeps_the_checkpoint_and_the_next_proves_the_log_only_grew()
    {
        var state = LogScenarios.NewStateDirectory();
        await api.DealWithCommitment();
        await api.CheckpointCoveringEverythingAsync();

        var first = await api.AuditAsync(state);
        LogScenarios.Holds(first);
        Assert.Contains(first.Lines, l => l.Contains("trusting the log's own key") && l.Contains(LedgerApi.Origin));
        Assert.True(File.Exists(Path.Combine(state, "log.vkey")) && File.Exists(Path.Combine(state, "checkpoint")));

        await api.DealWithCommitment();
        await api.CheckpointCoveringEverythingAsync();
        var second = await api.AuditAsync(state);
        LogScenarios.Holds(second);
        Assert.Contains(second.Lines, l => l.Contains("consistent with the checkpoint of") && l.Contains("the log only grew"));
    }

    [Fact]
    public async Task a_full_audit_rehashes_every_entry_to_the_signed_root_but_those_of_observations_not_yet_public()
    {
        var (_, commitmentId) = await api.DealWithCommitment();
        var pending = await api.SubmitObservation(await api.ClientWithRole("observer"), commitmentId);
        var checkpoint = await api.CheckpointCoveringEverythingAsync();
        var sequence = await api.ScalarAsync<long>("SELECT seq_id FROM mt_events WHERE stream_id = @id::uuid", ("id", pending));
        var index = await api.ScalarAsync<long>("SELECT leaf_index FROM ledger_log_leaves WHERE sequence = @s", ("s", sequence));

        // The public is served the pending observation's leaf, not its entry: nothing says an observation is there.
        var served = await api.Anonymous().GetAsync($"/api/ledger/entries/{index}").Expect(HttpStatusCode.OK);
        Assert.True(served.GetProperty("withheld").GetBoolean());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, served.GetProperty("entry").ValueKind);
        Assert.DoesNotContain(pending, served.GetRawText());
        var asAdmin = await api.Admin().GetAsync($"/api/ledger/entries/{index}").Expect(HttpStatusCode.OK);
        Assert.False(asAdmin.GetProperty("withheld").GetBoolean());
        Assert.Contains(pending, asAdmin.GetProperty("entry").GetString());

        var report = await api.AuditAsync(LogScenarios.NewStateDirectory(), full: true);
        var byAdmin = await api.AuditAsync(LogScenarios.NewStateDirectory(), full: true, @as: api.Admin());

        LogScenarios.Holds(report);
        Assert.Contains(report.Lines, l => l.Contains("withheld leaves: they make exactly the signed root"));
        LogScenarios.Holds(byAdmin);
        Assert.Contains(byAdmin.Lines, l => l.Contains("re-hashed all") && l.Contains("make exactly the signed root"));
        Assert.True(checkpoint.GetProperty("treeSize").GetInt64() > 3);
    }

    [Fact]
    public async Task the_command_line_audits_and_proves_with_exit_code_0_and_fails_with_1()
    {
        var created = await api.Admin().Post("/api/deals", Scenarios.Deal("Proved from the command line")).Expect(HttpStatusCode.Created);
        await api.CheckpointCoveringEverythingAsync();
        var state = LogScenarios.NewStateDirectory();
        var handler = api.Server.CreateHandler();
        var output = new StringWriter();

        var audit = await Cli.RunAsync(["audit", "--url", "http://localhost/", "--state", state, "--full"], output, output, handler);
        var prove = await Cli.RunAsync(["prove", "--url", "http://localhost/", "--state", state,
            "--sequence", created.GetProperty("receipt").GetProperty("sequence").GetInt64().ToString()], output, output, handler);
        var unknown = await Cli.RunAsync(["prove", "--url", "http://localhost/", "--state", state, "--sequence", "999999999"], output, output, handler);
        var usage = await Cli.RunAsync(["prove", "--url", "http://localhost/"], output, output, handler);

        Assert.True(audit == Cli.Holds, output.ToString());
        Assert.True(prove == Cli.Holds, output.ToString());
        Assert.Equal(Cli.Fails, unknown);
        Assert.Equal(Cli.CannotCheck, usage);
        Assert.Contains("HOLDS", output.ToString());
    }

    [Fact]
    public async Task a_log_signed_with_another_key_than_the_pinned_one_fails_the_audit()
    {
        await api.RegisterDeal();
        await api.CheckpointCoveringEverythingAsync();
        var state = LogScenarios.NewStateDirectory();
        var impostor = new NoteSigner(LedgerApi.Origin, [.. Enumerable.Range(200, 32).Select(i => (byte)i)]);
        new StateDirectory(state).Pin(VerifierKey.Parse(impostor.VerifierKey));

        var report = await api.AuditAsync(state);

        LogScenarios.Fails(report, "the log now presents the key", "the current checkpoint does not verify");
        Assert.False(File.Exists(Path.Combine(state, "checkpoint"))); // nothing stored from a failed audit
    }

    [Fact]
    public async Task a_key_given_on_the_command_line_must_be_the_pinned_one()
    {
        await api.RegisterDeal();
        await api.CheckpointCoveringEverythingAsync();
        var state = LogScenarios.NewStateDirectory();
        LogScenarios.Holds(await api.AuditAsync(state));
        var other = VerifierKey.Parse(new NoteSigner(LedgerApi.Origin, new byte[32]).VerifierKey);

        LogScenarios.Fails(await api.AuditAsync(state, key: other), "is not the key pinned in");
    }

    [Fact]
    public async Task a_stored_checkpoint_larger_than_the_log_is_a_log_that_shrank()
    {
        await api.RegisterDeal();
        await api.CheckpointCoveringEverythingAsync();
        var state = LogScenarios.NewStateDirectory();
        LogScenarios.Holds(await api.AuditAsync(state));
        // A checkpoint from the future of this log, validly signed: what a watchdog holds after the log was truncated.
        var signer = NoteSigner.Parse(LedgerApi.SigningKey, LedgerApi.Origin);
        File.WriteAllText(Path.Combine(state, "checkpoint"), signer.Sign(CheckpointText.Body(LedgerApi.Origin, 1_000_000, new byte[32])));

        LogScenarios.Fails(await api.AuditAsync(state), "the log shrank");
    }
}
