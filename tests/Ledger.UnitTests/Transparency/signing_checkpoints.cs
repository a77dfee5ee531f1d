using Ledger.Transparency.Checkpoints;
using Ledger.Verify;

namespace Ledger.UnitTests.Transparency;

/// <summary>C2SP signed notes and checkpoints: the server signs, the independent verifier opens.</summary>
public class signing_checkpoints
{
    // The example of golang.org/x/mod/sumdb/note, the reference implementation of the format (Ed25519 is deterministic).
    const string GoSignerKey = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
    const string GoVerifierKey = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
    const string GoText = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
    const string GoNote = GoText + "\n\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";

    static readonly byte[] Seed = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];
    static readonly byte[] Root = [.. Enumerable.Range(100, 32).Select(i => (byte)i)];

    [Fact]
    public void the_server_signs_the_reference_example_byte_for_byte()
    {
        var signer = NoteSigner.Parse(GoSignerKey, "ignored");

        Assert.Equal(GoVerifierKey, signer.VerifierKey);
        Assert.Equal(0xc74f20a3u, signer.KeyId);
        Assert.Equal(GoNote, signer.Sign(GoText));
    }

    [Fact]
    public void the_verifier_opens_the_reference_example_and_the_c2sp_example()
    {
        Assert.Equal(GoText, SignedNote.Open(GoNote, VerifierKey.Parse(GoVerifierKey)).Text);

        var spec = VerifierKey.Parse("example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k");
        var note = "This is an example message.\n\n\u2014 example.com/foo "
            + "Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n";
        Assert.Equal("This is an example message.\n", SignedNote.Open(note, spec).Text);
    }

    [Fact]
    public void a_checkpoint_signed_by_the_server_opens_in_the_verifier()
    {
        var signer = new NoteSigner("ledger.example.org/log", Seed);
        var note = signer.Sign(CheckpointText.Body("ledger.example.org/log", 1234, Root));

        var checkpoint = Checkpoint.Parse(SignedNote.Open(note, VerifierKey.Parse(signer.VerifierKey)));

        Assert.StartsWith("ledger.example.org/log\n1234\n" + Convert.ToBase64String(Root) + "\n\n\u2014 ledger.example.org/log ", note);
        Assert.Equal(new { Origin = "ledger.example.org/log", TreeSize = 1234L }, new { checkpoint.Origin, checkpoint.TreeSize });
        Assert.Equal(Root, checkpoint.RootHash);
    }

    [Fact]
    public void an_altered_checkpoint_does_not_open()
    {
        var signer = new NoteSigner("ledger.example.org/log", Seed);
        var note = signer.Sign(CheckpointText.Body("ledger.example.org/log", 1234, Root));

        var error = Assert.Throws<NoteException>(() => SignedNote.Open(note.Replace("\n1234\n", "\n1233\n"), VerifierKey.Parse(signer.VerifierKey)));
        Assert.Contains("does not verify", error.Message);
    }

    [Fact]
    public void a_checkpoint_signed_by_another_key_does_not_open()
    {
        var trusted = new NoteSigner("ledger.example.org/log", Seed);
        var other = new NoteSigner("ledger.example.org/log", [.. Seed.Reverse()]);
        var note = other.Sign(CheckpointText.Body("ledger.example.org/log", 1, Root));

        var error = Assert.Throws<NoteException>(() => SignedNote.Open(note, VerifierKey.Parse(trusted.VerifierKey)));
        Assert.Contains("no signature by the trusted key", error.Message);
    }

    [Fact]
    public void a_forged_signature_under_the_trusted_key_id_does_not_open()
    {
        var signer = new NoteSigner("ledger.example.org/log", Seed);
        var note = signer.Sign(CheckpointText.Body("ledger.example.org/log", 5, Root));
        var signature = note[(note.LastIndexOf(' ') + 1)..^1];
        var forged = Convert.FromBase64String(signature);
        forged[^1] ^= 0x01;

        Assert.Throws<NoteException>(() => SignedNote.Open(note.Replace(signature, Convert.ToBase64String(forged)), VerifierKey.Parse(signer.VerifierKey)));
    }

    [Fact]
    public void a_verifier_key_whose_id_does_not_match_is_refused() =>
        Assert.Throws<FormatException>(() => VerifierKey.Parse("PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"));

    [Theory]
    [InlineData("")]
    [InlineData("with space")]
    [InlineData("with+plus")]
    public void a_key_name_must_be_a_single_word_without_plus(string name) =>
        Assert.Throws<ArgumentException>(() => new NoteSigner(name, Seed));

    [Fact]
    public void a_base64_seed_from_configuration_takes_the_origin_as_its_name()
    {
        var signer = NoteSigner.Parse(Convert.ToBase64String(Seed), "ledger.example.org/log");

        Assert.Equal("ledger.example.org/log", signer.Name);
        Assert.Equal(new NoteSigner("ledger.example.org/log", Seed).VerifierKey, signer.VerifierKey);
    }
}
