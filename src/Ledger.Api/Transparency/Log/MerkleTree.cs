using System.Numerics;
using System.Security.Cryptography;

namespace Ledger.Transparency.Log;

/// <summary>RFC 9162 §2.1.1 hashing: domain-separated so that a leaf can never be passed off as an interior node.</summary>
public static class MerkleHash
{
    public const int Size = 32;

    /// <summary>The root of the empty tree: SHA-256 of nothing.</summary>
    public static byte[] Empty { get; } = SHA256.HashData([]);

    public static byte[] Leaf(ReadOnlySpan<byte> entry)
    {
        var input = new byte[entry.Length + 1];
        entry.CopyTo(input.AsSpan(1));
        return SHA256.HashData(input);
    }

    public static byte[] Node(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        Span<byte> input = stackalloc byte[1 + 2 * Size];
        input[0] = 1;
        left.CopyTo(input[1..]);
        right.CopyTo(input[(1 + Size)..]);
        return SHA256.HashData(input);
    }
}

/// <summary>
/// A complete subtree: the 2^<paramref name="Level"/> leaves starting at <c>Index · 2^Level</c>. These are the only nodes the
/// log stores; they never change once written, and every hash a proof needs is built from O(log n) of them.
/// </summary>
public readonly record struct NodeId(int Level, long Index)
{
    public long Start => Index << Level;
    public long End => (Index + 1) << Level;
    public override string ToString() => $"({Level},{Index})";
}

/// <summary>A hash to compute for a proof: the Merkle tree hash of leaves [Start, End), as RFC 9162 writes MTH(D[Start:End]).</summary>
public readonly record struct LeafRange(long Start, long End);

/// <summary>
/// The arithmetic of an RFC 9162 Merkle tree over stored complete subtrees: how a range of leaves splits into stored nodes,
/// which ranges an inclusion or consistency proof is made of (§2.1.3.1, §2.1.4.1), and which nodes an append creates.
/// Pure: the nodes come from a caller-supplied lookup, so the same code runs over PostgreSQL and over an in-memory list.
/// </summary>
public static class MerkleTree
{
    /// <summary>
    /// The complete subtrees that make up the leaves [start, end), largest first. Every range RFC 9162's recursion produces is
    /// aligned this way (its start a multiple of the largest power of two not above its size); anything else is refused.
    /// </summary>
    public static IReadOnlyList<NodeId> Decompose(long start, long end)
    {
        if (start < 0 || end <= start) throw new ArgumentOutOfRangeException(nameof(end), $"[{start}, {end}) is not a non-empty range");
        var nodes = new List<NodeId>();
        var at = start;
        var remaining = end - start;
        while (remaining > 0)
        {
            var level = 63 - BitOperations.LeadingZeroCount((ulong)remaining);
            if (at % (1L << level) != 0) throw new ArgumentException($"[{start}, {end}) is not aligned to complete subtrees");
            nodes.Add(new NodeId(level, at >> level));
            at += 1L << level;
            remaining -= 1L << level;
        }
        return nodes;
    }

    /// <summary>MTH(D[start:end]) from its complete subtrees: H(c1, H(c2, … H(cn-1, cn))), RFC 9162's split at the largest power of two.</summary>
    public static byte[] RangeHash(LeafRange range, Func<NodeId, byte[]> stored)
    {
        var nodes = Decompose(range.Start, range.End);
        var hash = stored(nodes[^1]);
        for (var i = nodes.Count - 2; i >= 0; i--) hash = MerkleHash.Node(stored(nodes[i]), hash);
        return hash;
    }

    public static byte[] Root(long size, Func<NodeId, byte[]> stored) =>
        size == 0 ? MerkleHash.Empty : RangeHash(new LeafRange(0, size), stored);

    /// <summary>The stored nodes behind the root of a tree of <paramref name="size"/> leaves: its right frontier.</summary>
    public static IReadOnlyList<NodeId> Frontier(long size) => size == 0 ? [] : Decompose(0, size);

    /// <summary>RFC 9162 §2.1.3.1 PATH(m, D[n]): the ranges whose hashes prove leaf m is in the tree of n leaves, leaf side first.</summary>
    public static IReadOnlyList<LeafRange> InclusionPath(long index, long size)
    {
        if (size < 1 || index < 0 || index >= size) throw new ArgumentOutOfRangeException(nameof(index), $"leaf {index} is not in a tree of {size}");
        var path = new List<LeafRange>();
        Path(index, 0, size, path);
        return path;

        static void Path(long m, long start, long end, List<LeafRange> path)
        {
            var n = end - start;
            if (n == 1) return;
            var k = LargestPowerOfTwoBelow(n);
            if (m < k)
            {
                Path(m, start, start + k, path);
                path.Add(new LeafRange(start + k, end));
            }
            else
            {
                Path(m - k, start + k, end, path);
                path.Add(new LeafRange(start, start + k));
            }
        }
    }

    /// <summary>RFC 9162 §2.1.4.1 PROOF(m, D[n]): the ranges whose hashes prove the tree of m leaves is a prefix of the tree of n.</summary>
    public static IReadOnlyList<LeafRange> ConsistencyPath(long from, long to)
    {
        if (from < 1 || from > to) throw new ArgumentOutOfRangeException(nameof(from), $"no consistency proof from {from} to {to}");
        var path = new List<LeafRange>();
        SubProof(from, 0, to, true, path);
        return path;

        static void SubProof(long m, long start, long end, bool whole, List<LeafRange> path)
        {
            var n = end - start;
            if (m == n)
            {
                if (!whole) path.Add(new LeafRange(start, end));
                return;
            }
            var k = LargestPowerOfTwoBelow(n);
            if (m <= k)
            {
                SubProof(m, start, start + k, whole, path);
                path.Add(new LeafRange(start + k, end));
            }
            else
            {
                SubProof(m - k, start + k, end, false, path);
                path.Add(new LeafRange(start, start + k));
            }
        }
    }

    /// <summary>The distinct stored nodes needed to hash every range: what a proof reads, in one round trip.</summary>
    public static IReadOnlyList<NodeId> NodesFor(IEnumerable<LeafRange> ranges) =>
        [.. ranges.SelectMany(r => Decompose(r.Start, r.End)).Distinct()];

    /// <summary>
    /// Appends leaves to a tree whose right frontier is <paramref name="frontier"/> (as <see cref="Frontier"/> lists it, with hashes)
    /// and returns every complete subtree that comes into being, leaves included: exactly what the log must store.
    /// The frontier is updated in place.
    /// </summary>
    public static List<(NodeId Node, byte[] Hash)> Append(List<(NodeId Node, byte[] Hash)> frontier, long size, IEnumerable<byte[]> leafHashes)
    {
        var created = new List<(NodeId, byte[])>();
        var next = size;
        foreach (var leaf in leafHashes)
        {
            var current = (Node: new NodeId(0, next), Hash: leaf);
            created.Add(current);
            while (frontier.Count > 0 && frontier[^1].Node.Level == current.Node.Level)
            {
                var left = frontier[^1];
                frontier.RemoveAt(frontier.Count - 1);
                current = (new NodeId(current.Node.Level + 1, current.Node.Index >> 1), MerkleHash.Node(left.Hash, current.Hash));
                created.Add(current);
            }
            frontier.Add(current);
            next++;
        }
        return created;
    }

    static long LargestPowerOfTwoBelow(long n) => 1L << (63 - BitOperations.LeadingZeroCount((ulong)(n - 1)));
}
