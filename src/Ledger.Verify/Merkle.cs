using System.Security.Cryptography;

namespace Ledger.Verify;

/// <summary>
/// RFC 9162 Merkle tree verification, written from the RFC apart from the server's code: leaf and node hashing (§2.1.1),
/// inclusion (§2.1.3.2) and consistency (§2.1.4.2) proof checking, and the root of a list of leaves.
/// </summary>
public static class Merkle
{
    public static byte[] LeafHash(ReadOnlySpan<byte> entry)
    {
        var input = new byte[entry.Length + 1];
        entry.CopyTo(input.AsSpan(1));
        return SHA256.HashData(input);
    }

    public static byte[] NodeHash(byte[] left, byte[] right) => SHA256.HashData([0x01, .. left, .. right]);

    public static byte[] EmptyRoot { get; } = SHA256.HashData([]);

    /// <summary>
    /// Does <paramref name="proof"/> show that the leaf <paramref name="leafHash"/> sits at <paramref name="index"/> in
    /// the tree with <paramref name="root"/>?
    /// </summary>
    public static bool VerifyInclusion(long index, long treeSize, byte[] leafHash, IReadOnlyList<byte[]> proof, byte[] root)
    {
        if (treeSize < 1 || index < 0 || index >= treeSize || leafHash.Length != 32 || root.Length != 32) return false;
        long fn = index, sn = treeSize - 1;
        var r = leafHash;
        foreach (var p in proof)
        {
            if (sn == 0) return false;
            if ((fn & 1) == 1 || fn == sn)
            {
                r = NodeHash(p, r);
                if ((fn & 1) == 0)
                    while ((fn & 1) == 0 && fn != 0) { fn >>= 1; sn >>= 1; }
            }
            else r = NodeHash(r, p);
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && r.AsSpan().SequenceEqual(root);
    }

    /// <summary>
    /// Does <paramref name="proof"/> show the tree of <paramref name="size1"/> leaves with <paramref name="root1"/> is a prefix of
    /// the tree of <paramref name="size2"/> with <paramref name="root2"/>? A proof from the empty tree proves nothing and is refused.
    /// </summary>
    public static bool VerifyConsistency(long size1, long size2, IReadOnlyList<byte[]> proof, byte[] root1, byte[] root2)
    {
        if (size1 < 1 || size2 < size1) return false;
        if (size1 == size2) return proof.Count == 0 && root1.AsSpan().SequenceEqual(root2);
        if (proof.Count == 0) return false;

        var path = (size1 & (size1 - 1)) == 0 ? [root1, .. proof] : proof.ToList();
        long fn = size1 - 1, sn = size2 - 1;
        while ((fn & 1) == 1) { fn >>= 1; sn >>= 1; }
        byte[] fr = path[0], sr = path[0];
        foreach (var c in path.Skip(1))
        {
            if (sn == 0) return false;
            if ((fn & 1) == 1 || fn == sn)
            {
                fr = NodeHash(c, fr);
                sr = NodeHash(c, sr);
                if ((fn & 1) == 0)
                    while ((fn & 1) == 0 && fn != 0) { fn >>= 1; sn >>= 1; }
            }
            else sr = NodeHash(sr, c);
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && fr.AsSpan().SequenceEqual(root1) && sr.AsSpan().SequenceEqual(root2);
    }

    /// <summary>The root of a tree grown one leaf at a time, keeping only the O(log n) hashes of its complete subtrees.</summary>
    public sealed class RootBuilder
    {
        readonly List<(int Height, byte[] Hash)> _subtrees = [];

        public long Size { get; private set; }

        public void Add(byte[] leafHash)
        {
            var current = (Height: 0, Hash: leafHash);
            while (_subtrees.Count > 0 && _subtrees[^1].Height == current.Height)
            {
                var left = _subtrees[^1];
                _subtrees.RemoveAt(_subtrees.Count - 1);
                current = (current.Height + 1, NodeHash(left.Hash, current.Hash));
            }
            _subtrees.Add(current);
            Size++;
        }

        public byte[] Root()
        {
            if (_subtrees.Count == 0) return EmptyRoot;
            var hash = _subtrees[^1].Hash;
            for (var i = _subtrees.Count - 2; i >= 0; i--) hash = NodeHash(_subtrees[i].Hash, hash);
            return hash;
        }
    }
}
