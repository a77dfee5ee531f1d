using System.Text.Json;
using Ledger.Transparency.Log;
using Verifier = Ledger.Verify.Merkle;

namespace Ledger.UnitTests.Transparency;

/// <summary>
/// Proofs as the log serves them (built from stored complete subtrees) against transparency-dev/merkle's published probes,
/// and against a literal reading of RFC 9162 for every tree of 1 to 300 leaves. The verifier's own implementation must accept
/// every proof the log makes and refuse every tampered probe.
/// </summary>
public class proving_inclusion_and_consistency
{
    sealed record InclusionProbe(ulong LeafIdx, ulong TreeSize, string Root, string LeafHash, string[]? Proof, string Desc, bool WantErr);

    sealed record ConsistencyProbe(ulong Size1, ulong Size2, string Root1, string Root2, string[]? Proof, string Desc, bool WantErr);

    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    static string VectorDirectory(string kind) => Path.Combine(AppContext.BaseDirectory, "Transparency", "Vectors", "transparency-dev", kind);

    public static TheoryData<string> InclusionProbes() => Files("inclusion");
    public static TheoryData<string> ConsistencyProbes() => Files("consistency");

    static TheoryData<string> Files(string kind)
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(VectorDirectory(kind), "*.json", SearchOption.AllDirectories).Order())
            data.Add(Path.GetRelativePath(VectorDirectory(kind), file));
        return data;
    }

    static T Read<T>(string kind, string file) => JsonSerializer.Deserialize<T>(File.ReadAllText(Path.Combine(VectorDirectory(kind), file)), Json)!;
    static byte[] B64(string s) => Convert.FromBase64String(s);
    static List<byte[]> B64(string[]? hashes) => [.. (hashes ?? []).Select(Convert.FromBase64String)];
    static InMemoryLog Rfc6962Log() => InMemoryLog.Of(Rfc6962Tree.LeafInputs.Select(i => MerkleHash.Leaf(i)));

    [Fact]
    public void there_are_published_probes_to_check() => Assert.True(InclusionProbes().Count > 70 && ConsistencyProbes().Count > 80);

    [Theory, MemberData(nameof(InclusionProbes))]
    public void the_verifier_decides_every_published_inclusion_probe(string file)
    {
        var probe = Read<InclusionProbe>("inclusion", file);
        // An index or size beyond long arrives as a negative number, which must be refused like any out-of-range one.
        var holds = Verifier.VerifyInclusion(
            unchecked((long)probe.LeafIdx), unchecked((long)probe.TreeSize), B64(probe.LeafHash), B64(probe.Proof), B64(probe.Root));
        Assert.True(holds != probe.WantErr, $"{file} ({probe.Desc}): the verifier said {(holds ? "valid" : "invalid")}");
    }

    [Theory, MemberData(nameof(ConsistencyProbes))]
    public void the_verifier_decides_every_published_consistency_probe(string file)
    {
        var probe = Read<ConsistencyProbe>("consistency", file);
        var holds = Verifier.VerifyConsistency(
            unchecked((long)probe.Size1), unchecked((long)probe.Size2), B64(probe.Proof), B64(probe.Root1), B64(probe.Root2));
        Assert.True(holds != probe.WantErr, $"{file} ({probe.Desc}): the verifier said {(holds ? "valid" : "invalid")}");
    }

    [Fact]
    public void the_log_serves_exactly_the_published_inclusion_proofs()
    {
        var log = Rfc6962Log();
        var happy = Directory.EnumerateDirectories(VectorDirectory("inclusion"), "?").Select(d => Path.Combine(d, "happy-path.json")).ToList();
        Assert.NotEmpty(happy);
        foreach (var file in happy)
        {
            var probe = Read<InclusionProbe>("inclusion", file);
            Assert.Equal(probe.Root, Convert.ToBase64String(log.Root((long)probe.TreeSize)));
            Assert.Equal(probe.LeafHash, Convert.ToBase64String(log.Stored(new NodeId(0, (long)probe.LeafIdx))));
            Assert.Equal(probe.Proof ?? [], log.InclusionProof((long)probe.LeafIdx, (long)probe.TreeSize).Select(Convert.ToBase64String));
        }
    }

    [Fact]
    public void the_log_serves_exactly_the_published_consistency_proofs()
    {
        var log = Rfc6962Log();
        var happy = Directory.EnumerateDirectories(VectorDirectory("consistency"), "?").Select(d => Path.Combine(d, "happy-path.json")).ToList();
        Assert.NotEmpty(happy);
        foreach (var file in happy)
        {
            var probe = Read<ConsistencyProbe>("consistency", file);
            Assert.Equal(probe.Root1, Convert.ToBase64String(log.Root((long)probe.Size1)));
            Assert.Equal(probe.Root2, Convert.ToBase64String(log.Root((long)probe.Size2)));
            Assert.Equal(probe.Proof ?? [], log.ConsistencyProof((long)probe.Size1, (long)probe.Size2).Select(Convert.ToBase64String));
        }
    }

    [Fact]
    public void for_every_tree_of_1_to_300_leaves_every_proof_is_the_rfcs_and_verifies()
    {
        var leaves = Enumerable.Range(0, 300).Select(i => MerkleHash.Leaf(BitConverter.GetBytes(i))).ToList();
        var memo = new Dictionary<(int, int), byte[]>();
        var forged = MerkleHash.Leaf("forged"u8);
        var log = new InMemoryLog();
        for (var n = 1; n <= leaves.Count; n++)
        {
            log.Append([leaves[n - 1]]);
            var root = NaiveMerkle.Mth(leaves, 0, n, memo);
            Assert.Equal(root, log.Root(n));

            for (var m = 0; m < n; m++)
            {
                var proof = log.InclusionProof(m, n);
                Assert.True(Same(NaiveMerkle.Path(m, leaves, 0, n, memo), proof), $"inclusion path of {m} in {n}");
                Assert.True(Verifier.VerifyInclusion(m, n, leaves[m], proof, root), $"inclusion of {m} in {n}");
                if (n > 1) Assert.False(Verifier.VerifyInclusion(m, n, leaves[(m + 1) % n], proof, root), $"the wrong leaf at {m} in {n}");
            }
            for (var m = 1; m <= n; m++)
            {
                var proof = log.ConsistencyProof(m, n);
                var before = NaiveMerkle.Mth(leaves, 0, m, memo);
                Assert.True(Same(NaiveMerkle.Proof(m, leaves, n, memo), proof), $"consistency path of {m} to {n}");
                Assert.True(Verifier.VerifyConsistency(m, n, proof, before, root), $"consistency of {m} with {n}");
                if (m < n) Assert.False(Verifier.VerifyConsistency(m, n, proof, forged, root), $"consistency of a forged {m} with {n}");
            }
        }
    }

    // Assert.Equal on lists of arrays compares through reflection: too slow for 90,000 proofs.
    static bool Same(List<byte[]> expected, List<byte[]> actual) =>
        expected.Count == actual.Count && expected.Zip(actual).All(p => p.First.AsSpan().SequenceEqual(p.Second));

    [Fact]
    public void a_proof_with_one_flipped_bit_does_not_verify()
    {
        var log = InMemoryLog.Of(Enumerable.Range(0, 77).Select(i => MerkleHash.Leaf(BitConverter.GetBytes(i))));
        var inclusion = log.InclusionProof(40, 77);
        var consistency = log.ConsistencyProof(33, 77);
        for (var i = 0; i < inclusion.Count; i++)
        {
            var forged = inclusion.Select(h => (byte[])h.Clone()).ToList();
            forged[i][7] ^= 0x10;
            Assert.False(Verifier.VerifyInclusion(40, 77, log.Stored(new NodeId(0, 40)), forged, log.Root(77)));
        }
        for (var i = 0; i < consistency.Count; i++)
        {
            var forged = consistency.Select(h => (byte[])h.Clone()).ToList();
            forged[i][0] ^= 0x01;
            Assert.False(Verifier.VerifyConsistency(33, 77, forged, log.Root(33), log.Root(77)));
        }
    }

    [Theory]
    [InlineData(0, 0)] [InlineData(5, 5)] [InlineData(-1, 3)]
    public void a_proof_for_a_leaf_outside_the_tree_is_refused(long index, long size) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => MerkleTree.InclusionPath(index, size));

    [Theory]
    [InlineData(0, 3)] [InlineData(4, 3)]
    public void a_consistency_proof_from_nothing_or_backwards_is_refused(long from, long to) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => MerkleTree.ConsistencyPath(from, to));
}
