using Ledger.Transparency.Log;
using Verifier = Ledger.Verify.Merkle;

namespace Ledger.UnitTests.Transparency;

/// <summary>RFC 9162 §2.1.1 hashing, checked against RFC 6962's published tree (transparency-dev/merkle testonly data).</summary>
public class hashing_a_merkle_tree
{
    static byte[][] LeafHashes => [.. Rfc6962Tree.LeafInputs.Select(i => MerkleHash.Leaf(i))];

    [Fact]
    public void the_empty_tree_hashes_to_the_sha256_of_nothing() =>
        Assert.Equal(Rfc6962Tree.Roots[0], Convert.ToHexStringLower(MerkleHash.Empty));

    [Fact]
    public void a_leaf_is_prefixed_with_0x00_so_it_never_equals_the_empty_tree() =>
        Assert.Equal("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d", Convert.ToHexStringLower(MerkleHash.Leaf([])));

    [Fact]
    public void appending_the_eight_leaves_stores_every_published_complete_subtree()
    {
        var log = InMemoryLog.Of(LeafHashes);

        for (var level = 0; level < Rfc6962Tree.NodeHashes.Length; level++)
            for (var index = 0; index < Rfc6962Tree.NodeHashes[level].Length; index++)
                Assert.Equal(Rfc6962Tree.NodeHashes[level][index], Convert.ToHexStringLower(log.Stored(new NodeId(level, index))));
        Assert.Equal(15, log.Nodes.Count); // 8 + 4 + 2 + 1: nothing but complete subtrees
    }

    [Theory]
    [InlineData(0)] [InlineData(1)] [InlineData(2)] [InlineData(3)] [InlineData(4)] [InlineData(5)] [InlineData(6)] [InlineData(7)] [InlineData(8)]
    public void every_prefix_has_the_published_root(int size)
    {
        var grown = InMemoryLog.Of(LeafHashes.Take(size));
        var whole = InMemoryLog.Of(LeafHashes);
        var verifier = new Verifier.RootBuilder();
        foreach (var leaf in LeafHashes.Take(size)) verifier.Add(leaf);

        Assert.Equal(Rfc6962Tree.Roots[size], Convert.ToHexStringLower(grown.Root(size)));
        Assert.Equal(Rfc6962Tree.Roots[size], Convert.ToHexStringLower(whole.Root(size))); // a past root, from today's nodes
        Assert.Equal(Rfc6962Tree.Roots[size], Convert.ToHexStringLower(verifier.Root()));
    }

    [Fact]
    public void the_tree_grows_the_same_whether_leaves_come_one_by_one_or_in_batches()
    {
        var leaves = Enumerable.Range(0, 100).Select(i => MerkleHash.Leaf(BitConverter.GetBytes(i))).ToList();
        var oneByOne = new InMemoryLog();
        foreach (var leaf in leaves) oneByOne.Append([leaf]);
        var batched = new InMemoryLog();
        foreach (var batch in leaves.Chunk(7)) batched.Append(batch);

        Assert.Equal(oneByOne.Nodes.Count, batched.Nodes.Count);
        Assert.All(oneByOne.Nodes, n => Assert.Equal(n.Value, batched.Stored(n.Key)));
    }

    [Fact]
    public void a_range_splits_into_aligned_complete_subtrees_largest_first()
    {
        Assert.Equal([new NodeId(2, 0), new NodeId(1, 2), new NodeId(0, 6)], MerkleTree.Decompose(0, 7));
        Assert.Equal([new NodeId(1, 2), new NodeId(0, 6)], MerkleTree.Decompose(4, 7));
        Assert.Throws<ArgumentException>(() => MerkleTree.Decompose(1, 3)); // [1,3) is no node of the tree
        Assert.Throws<ArgumentOutOfRangeException>(() => MerkleTree.Decompose(3, 3));
    }

    [Fact]
    public void a_proof_reads_logarithmically_many_stored_nodes()
    {
        var size = 1_000_003L;
        var inclusion = MerkleTree.NodesFor(MerkleTree.InclusionPath(123_456, size));
        var consistency = MerkleTree.NodesFor(MerkleTree.ConsistencyPath(654_321, size));

        Assert.InRange(inclusion.Count, 1, 2 * 20);
        Assert.InRange(consistency.Count, 1, 2 * 20);
    }
}
