using Ledger.Transparency.Log;

namespace Ledger.UnitTests.Transparency;

/// <summary>
/// RFC 6962's test tree, as published in transparency-dev/merkle testonly/constants.go: eight leaf inputs, the hash of every
/// complete subtree, and the root of every prefix.
/// </summary>
static class Rfc6962Tree
{
    public static readonly byte[][] LeafInputs =
    [
        Hex(""), Hex("00"), Hex("10"), Hex("2021"), Hex("3031"), Hex("40414243"), Hex("5051525354555657"),
        Hex("606162636465666768696a6b6c6d6e6f"),
    ];

    public static readonly string[][] NodeHashes =
    [
        [
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d", "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7", "07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b", "4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658",
            "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f", "46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1",
        ],
        [
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125", "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a", "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
        ],
        ["d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7", "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"],
        ["5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"],
    ];

    /// <summary>Indexed by tree size, from the empty tree.</summary>
    public static readonly string[] Roots =
    [
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ];

    public static byte[] Hex(string hex) => Convert.FromHexString(hex);
}

/// <summary>
/// The log's node store in memory: the same append code as the server, with the stored nodes in a dictionary instead of a
/// table. What the server reads from PostgreSQL, these tests read from here.
/// </summary>
sealed class InMemoryLog
{
    readonly Dictionary<NodeId, byte[]> _nodes = [];
    readonly List<(NodeId Node, byte[] Hash)> _frontier = [];

    public long Size { get; private set; }
    public IReadOnlyDictionary<NodeId, byte[]> Nodes => _nodes;

    public static InMemoryLog Of(IEnumerable<byte[]> leafHashes)
    {
        var log = new InMemoryLog();
        log.Append(leafHashes);
        return log;
    }

    public void Append(IEnumerable<byte[]> leafHashes)
    {
        var list = leafHashes.ToList();
        foreach (var (node, hash) in MerkleTree.Append(_frontier, Size, list)) _nodes.Add(node, hash);
        Size += list.Count;
    }

    public byte[] Stored(NodeId node) => _nodes.TryGetValue(node, out var hash) ? hash : throw new KeyNotFoundException($"node {node} is not stored");

    public byte[] Root(long size) => MerkleTree.Root(size, Stored);

    public List<byte[]> InclusionProof(long index, long size) =>
        [.. MerkleTree.InclusionPath(index, size).Select(r => MerkleTree.RangeHash(r, Stored))];

    public List<byte[]> ConsistencyProof(long from, long to) =>
        [.. MerkleTree.ConsistencyPath(from, to).Select(r => MerkleTree.RangeHash(r, Stored))];
}

/// <summary>RFC 9162 §2.1 written as literally as possible, recomputing everything from the leaves: the reference the log is compared with.</summary>
static class NaiveMerkle
{
    public static byte[] Mth(IReadOnlyList<byte[]> leaves, int start, int end, Dictionary<(int, int), byte[]> memo)
    {
        if (memo.TryGetValue((start, end), out var known)) return known;
        var n = end - start;
        var hash = n switch
        {
            0 => MerkleHash.Empty,
            1 => leaves[start],
            _ => MerkleHash.Node(Mth(leaves, start, start + K(n), memo), Mth(leaves, start + K(n), end, memo)),
        };
        memo[(start, end)] = hash;
        return hash;
    }

    public static List<byte[]> Path(int m, IReadOnlyList<byte[]> leaves, int start, int end, Dictionary<(int, int), byte[]> memo)
    {
        var n = end - start;
        if (n == 1) return [];
        var k = K(n);
        return m < k
            ? [.. Path(m, leaves, start, start + k, memo), Mth(leaves, start + k, end, memo)]
            : [.. Path(m - k, leaves, start + k, end, memo), Mth(leaves, start, start + k, memo)];
    }

    public static List<byte[]> Proof(int m, IReadOnlyList<byte[]> leaves, int n, Dictionary<(int, int), byte[]> memo) =>
        SubProof(m, leaves, 0, n, true, memo);

    static List<byte[]> SubProof(int m, IReadOnlyList<byte[]> leaves, int start, int end, bool b, Dictionary<(int, int), byte[]> memo)
    {
        var n = end - start;
        if (m == n) return b ? [] : [Mth(leaves, start, end, memo)];
        var k = K(n);
        return m <= k
            ? [.. SubProof(m, leaves, start, start + k, b, memo), Mth(leaves, start + k, end, memo)]
            : [.. SubProof(m - k, leaves, start + k, end, false, memo), Mth(leaves, start, start + k, memo)];
    }

    static int K(int n)
    {
        var k = 1;
        while (k * 2 < n) k *= 2;
        return k;
    }
}
