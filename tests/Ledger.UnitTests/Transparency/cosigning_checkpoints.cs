using System.Buffers.Binary;
using System.Text;
using Ledger.Transparency.Log;
using Ledger.Transparency.Witnessing;
using Ledger.Verify;

namespace Ledger.UnitTests.Transparency;

/// <summary>
/// c2sp.org/tlog-cosignature v1 (Ed25519): the verifier's cosigner signs, the server and the verifier check. The vectors
/// come from the spec's own example (its checkpoint, its message, its witness's signature line) and, for a whole
/// cosignature, from Python's `cryptography` 48 (an independent Ed25519) with the RFC 8032 test 1 key, named
/// witness.example.com/w1: hashlib for the key ID, Ed25519PrivateKey.sign over the spec's message.
/// </summary>
public class cosigning_checkpoints
{
    const string SpecCheckpoint = "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";
    const string SpecMessage = "cosignature/v1\ntime 1679315147\n" + SpecCheckpoint;
    const string SpecWitnessBlob =
        "jWbPPwAAAABkGFDLEZMHwSRaJNiIDoe9DYn/zXcrtPHeolMI5OWXEhZCB9dlrDJsX3b2oyin1nPZqhf5nNo0xUe+mbIUBkBIfZ+qnA==";

    // RFC 8032 section 7.1, test 1: the secret key 9d61b1…7f60 and its public key d75a98…511a.
    const string PythonPrivateKey = "PRIVATE+KEY+witness.example.com/w1+7e6f4aaa+BJ1hsZ3v/VpguoRK9JLsLMREScVpezJpGXA7rAMcrn9g";
    const string PythonVerifierKey = "witness.example.com/w1+7e6f4aaa+BNdamAGCsQq31Uv+08lkBzoO4XLz2qYjJa8CGmj3B1Ea";
    const string PythonLine = "\u2014 witness.example.com/w1 fm9KqgAAAABkGFDL+TPmh4BYuAjsYRoqMJCWb/gWJaeRF/kmm5tlCr9sJ57DLErur7K0y" +
                              "DXc2ArN+TIuotuB/HbuL3AJsp3bv/aNCQ==";
    static readonly DateTimeOffset SpecTime = DateTimeOffset.FromUnixTimeSeconds(1679315147);

    [Fact]
    public void the_signed_message_is_the_specs_example_and_its_witness_line_carries_the_same_time()
    {
        Assert.Equal(SpecMessage, Encoding.UTF8.GetString(Cosignature.Message(SpecCheckpoint, 1679315147)));

        var blob = Convert.FromBase64String(SpecWitnessBlob);
        Assert.Equal(4 + 8 + 64, blob.Length);
        Assert.Equal(1679315147, BinaryPrimitives.ReadInt64BigEndian(blob.AsSpan(4)));
    }

    [Fact]
    public void the_cosigner_signs_the_independent_vector_byte_for_byte()
    {
        var cosigner = Cosigner.Parse(PythonPrivateKey);

        Assert.Equal(PythonVerifierKey, cosigner.Key.ToString());
        Assert.Equal(0x7e6f4aaau, cosigner.Key.KeyId);
        Assert.Equal(PythonLine, cosigner.Cosign(SpecCheckpoint, SpecTime));
        Assert.Equal(PythonPrivateKey, cosigner.PrivateKey);
    }

    [Fact]
    public void the_verifier_and_the_server_accept_the_vector_and_refuse_it_on_another_checkpoint()
    {
        var note = SpecCheckpoint + "\n" + PythonLine + "\n";
        var forVerifier = VerifierKey.Parse(PythonVerifierKey, VerifierKey.Cosignature);
        var forServer = WitnessKey.Parse(PythonVerifierKey);
        var blob = Convert.FromBase64String(PythonLine.Split(' ')[2]);

        Assert.Equal(SpecTime, Cosignature.Verify(note, forVerifier));
        Assert.True(forServer.Signed("witness.example.com/w1", blob));
        Assert.Equal(SpecTime, forServer.Verify(SpecCheckpoint, blob));

        var other = SpecCheckpoint.Replace("20852163", "20852164");
        Assert.Throws<NoteException>(() => Cosignature.Verify(other + "\n" + PythonLine + "\n", forVerifier));
        Assert.Null(forServer.Verify(other, blob));
        // The key ID is computed with type 0x04: read as a log's key (type 0x01) the same vkey is refused.
        Assert.Throws<FormatException>(() => VerifierKey.Parse(PythonVerifierKey));
    }

    [Fact]
    public void a_note_without_the_witness_line_has_no_cosignature_by_it()
    {
        var other = Cosigner.Generate("witness.example.org/other");
        var note = SpecCheckpoint + "\n" + other.Cosign(SpecCheckpoint, SpecTime) + "\n";

        Assert.Null(Cosignature.Verify(note, VerifierKey.Parse(PythonVerifierKey, VerifierKey.Cosignature)));
        Assert.Equal(SpecTime, Cosignature.Verify(note, other.Key));
    }

    [Theory]
    [InlineData("witness+7e6f4aaa+BNdamAGCsQq31Uv+08lkBzoO4XLz2qYjJa8CGmj3B1Ea")] // the ID is another name's
    [InlineData("witness.example.com/w1+7e6f4aaa+AdamAGCsQq31Uv+08lkBzoO4XLz2qYjJa8CGmj3B1Ea=")] // not type 0x04
    [InlineData("witness.example.com/w1+7e6f4aaa")]
    [InlineData("witness.example.com/w1+7e6f4aaa+not base64")]
    public void the_server_refuses_a_malformed_witness_key(string vkey) =>
        Assert.Throws<FormatException>(() => WitnessKey.Parse(vkey));

    [Fact]
    public void the_decision_takes_a_registered_witness_of_a_published_checkpoint_only()
    {
        var witness = WitnessKey.Parse(PythonVerifierKey);
        var published = new StoredCheckpoint(20852163, new byte[32], SpecTime, SpecCheckpoint + "\n\u2014 example.com/behind-the-sofa x\n");
        var (cosigned, errors) = new CosignCheckpoint(SpecCheckpoint + "\n" + PythonLine + "\n").Parse();
        Assert.False(errors.Any);

        var (taken, refusal) = RecordCosignaturesHandler.Decide(cosigned!, published, [witness], SpecTime);
        Assert.Null(refusal);
        Assert.Equal(("witness.example.com/w1", 0x7e6f4aaau, SpecTime), (taken[0].Witness, taken[0].KeyId, taken[0].CosignedAt));

        Assert.Equal(403, RecordCosignaturesHandler.Decide(cosigned!, published, [], SpecTime).Refusal?.Status);
        Assert.Equal(409, RecordCosignaturesHandler.Decide(cosigned!, null, [witness], SpecTime).Refusal?.Status);
        Assert.Equal(400, RecordCosignaturesHandler.Decide(cosigned!, published, [witness], SpecTime.AddHours(-1)).Refusal?.Status);
    }
}
