using System.Net;
using Ledger.Api.Tests.Hosting;
using Ledger.Transparency.Checkpoints;
using Ledger.Verify;

namespace Ledger.Api.Tests.Transparency;

/// <summary>
/// Witnesses cosign the log's checkpoints with `ledger-verify witness`, the log serves their cosignatures, and an audit can
/// require a quorum of them; a witness shown a checkpoint inconsistent with one it cosigned refuses and reports it.
/// </summary>
[Collection(TransparencyCollection.Name)]
public sealed class witnessing_checkpoints(LedgerApi api)
{
    const string Url = "http://localhost/";
    static readonly Cosigner Alpha = LedgerApi.Witnesses[0], Beta = LedgerApi.Witnesses[1], Stranger = LedgerApi.Witnesses[2];

    [Fact]
    public async Task two_registered_witnesses_cosign_and_an_audit_requires_them()
    {
        await api.DealWithCommitment();
        var checkpoint = await api.CheckpointCoveringEverythingAsync();
        var output = new StringWriter();

        Assert.True(await WitnessAsync(Alpha, LogScenarios.NewStateDirectory(), output) == Cli.Holds, output.ToString());
        Assert.True(await WitnessAsync(Beta, LogScenarios.NewStateDirectory(), output) == Cli.Holds, output.ToString());

        var served = await api.Anonymous().GetAsync("/api/ledger/checkpoint").Expect(HttpStatusCode.OK);
        Assert.Equal(checkpoint.GetProperty("treeSize").GetInt64(), served.GetProperty("treeSize").GetInt64());
        Assert.Equal(["witness.test/alpha", "witness.test/beta"],
            served.GetProperty("cosignatures").EnumerateArray().Select(c => c.GetProperty("witness").GetString()));
        var note = served.GetProperty("note").GetString()!;
        Assert.StartsWith(checkpoint.GetProperty("note").GetString()!, note);
        Assert.NotNull(Cosignature.Verify(note, Alpha.Key));
        Assert.NotNull(Cosignature.Verify(note, Beta.Key));
        var listed = await api.Anonymous().GetAsync("/api/ledger/checkpoints?pageSize=1").Expect(HttpStatusCode.OK);
        Assert.Equal(note, listed.GetProperty("items")[0].GetProperty("note").GetString());

        string[] both = ["--witness-key", Alpha.Key.ToString(), "--witness-key", Beta.Key.ToString()];
        var twoOfTwo = await AuditAsync(output, ["--witnesses", "2", .. both]);
        var threeOfThree = await AuditAsync(output, ["--witnesses", "3", .. both, "--witness-key", Stranger.Key.ToString()]);
        var threeOfTwo = await AuditAsync(output, ["--witnesses", "3", .. both]);

        Assert.True(twoOfTwo == Cli.Holds, output.ToString());
        Assert.Contains("cosigned by the witness witness.test/beta", output.ToString());
        Assert.Equal(Cli.Fails, threeOfThree);
        Assert.Contains("only 2 of the 3 known witnesses cosigned this checkpoint; 3 are required", output.ToString());
        Assert.Equal(Cli.CannotCheck, threeOfTwo);
    }

    [Fact]
    public async Task a_witness_the_operator_did_not_register_is_refused()
    {
        await api.DealWithCommitment();
        var checkpoint = await api.CheckpointCoveringEverythingAsync();
        var text = TextOf(checkpoint.GetProperty("note").GetString()!);
        var output = new StringWriter();

        Assert.Equal(Cli.CannotCheck, await WitnessAsync(Stranger, LogScenarios.NewStateDirectory(), output));
        Assert.Contains("403", output.ToString());

        var stranger = await Cosign(Stranger, text).Expect(HttpStatusCode.Forbidden);
        Assert.Contains("No registered witness", stranger.GetProperty("title").GetString());
        var unpublished = text.Replace(checkpoint.GetProperty("rootHash").GetString()!, Convert.ToBase64String(new byte[32]));
        var conflict = await Cosign(Alpha, unpublished).Expect(HttpStatusCode.Conflict);
        Assert.Equal("note", conflict.GetProperty("field").GetString());
        var forged = Alpha.Cosign(text, DateTimeOffset.UtcNow)[..^8] + "AAAAAA==";
        await api.Anonymous().Post("/api/ledger/cosignatures", new { note = $"{text}\n{forged}\n" }).Expect(HttpStatusCode.Forbidden);
        var malformed = await api.Anonymous().Post("/api/ledger/cosignatures", new { note = text }).Expect(HttpStatusCode.BadRequest);
        Assert.True(malformed.GetProperty("errors").TryGetProperty("note", out _));

        Assert.Equal(0, await api.ScalarAsync<long>(
            "SELECT count(*) FROM ledger_cosignatures WHERE witness = 'witness.test/unregistered'"));
        await Cosign(Alpha, text).Expect(HttpStatusCode.Created);
        await Cosign(Alpha, text).Expect(HttpStatusCode.OK); // a witness's first cosignature of a checkpoint is kept
    }

    [Fact]
    public async Task a_witness_shown_a_checkpoint_inconsistent_with_one_it_cosigned_refuses_and_reports_a_split_view()
    {
        await api.DealWithCommitment();
        var checkpoint = await api.CheckpointCoveringEverythingAsync();
        var state = LogScenarios.NewStateDirectory();
        var output = new StringWriter();
        Assert.True(await WitnessAsync(Alpha, state, output) == Cli.Holds, output.ToString());
        var cosigned = File.ReadAllText(Path.Combine(state, "cosigned"));

        // The log's own key signs another tree of the same size: the view a log shows a victim it isolates.
        var size = checkpoint.GetProperty("treeSize").GetInt64();
        var otherRoot = Enumerable.Repeat((byte)0x5a, 32).ToArray();
        var forged = NoteSigner.Parse(LedgerApi.SigningKey, LedgerApi.Origin).Sign(CheckpointText.Body(LedgerApi.Origin, size, otherRoot));
        var split = new StringWriter();
        var refused = await WitnessAsync(Alpha, state, split, new ServingCheckpoint(forged, api.Server.CreateHandler()));

        Assert.Equal(Cli.Fails, refused);
        Assert.Contains("SPLIT VIEW: two different trees of the same size", split.ToString());
        Assert.Contains(checkpoint.GetProperty("rootHash").GetString()!, split.ToString());
        Assert.Contains(Convert.ToBase64String(otherRoot), split.ToString());
        Assert.Equal(cosigned, File.ReadAllText(Path.Combine(state, "cosigned"))); // it still holds to what it cosigned
        Assert.Equal(0, await api.ScalarAsync<long>("SELECT count(*) FROM ledger_cosignatures WHERE line LIKE '%' || @root || '%'",
            ("root", Convert.ToBase64String(otherRoot))));
    }

    Task<int> WitnessAsync(Cosigner witness, string state, TextWriter output, HttpMessageHandler? handler = null)
    {
        var key = Path.Combine(state, "witness.key");
        if (!File.Exists(key)) File.WriteAllText(key, witness.PrivateKey + "\n");
        return Cli.RunAsync(["witness", "--url", Url, "--key", key, "--state", state], output, output,
            handler ?? api.Server.CreateHandler());
    }

    Task<int> AuditAsync(TextWriter output, string[] witnesses) =>
        Cli.RunAsync(["audit", "--url", Url, "--state", LogScenarios.NewStateDirectory(), .. witnesses], output, output,
            api.Server.CreateHandler());

    Task<HttpResponseMessage> Cosign(Cosigner witness, string text) =>
        api.Anonymous().Post("/api/ledger/cosignatures", new { note = $"{text}\n{witness.Cosign(text, DateTimeOffset.UtcNow)}\n" });

    static string TextOf(string note) => note[..(note.LastIndexOf("\n\n", StringComparison.Ordinal) + 1)];

    /// <summary>Serves <paramref name="note"/> as the current checkpoint; every other request reaches the log.</summary>
    sealed class ServingCheckpoint(string note, HttpMessageHandler log) : DelegatingHandler(log)
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct) =>
            request.RequestUri!.AbsolutePath == "/api/ledger/checkpoint"
                ? Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(note) })
                : base.SendAsync(request, ct);
    }
}
