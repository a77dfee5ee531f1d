namespace Ledger.Verify;

/// <summary>
/// What a watchdog keeps between audits: the log's key, pinned on first use (<c>log.vkey</c>), the last checkpoint that passed
/// (<c>checkpoint</c>), a line per passed audit (<c>history</c>), and after a full audit every leaf hash it saw (<c>leaves</c>),
/// which lets a later audit name the first entry that was rewritten. A witness keeps the last checkpoint it cosigned
/// (<c>cosigned</c>), apart from the audit's, so one directory can serve both.
/// </summary>
public sealed class StateDirectory(string path)
{
    public string Path { get; } = System.IO.Path.GetFullPath(path);
    string KeyFile => System.IO.Path.Combine(Path, "log.vkey");
    string CheckpointFile => System.IO.Path.Combine(Path, "checkpoint");
    string HistoryFile => System.IO.Path.Combine(Path, "history");
    string LeavesFile => System.IO.Path.Combine(Path, "leaves");
    string CosignedFile => System.IO.Path.Combine(Path, "cosigned");

    public VerifierKey? PinnedKey() => File.Exists(KeyFile) ? VerifierKey.Parse(File.ReadAllText(KeyFile)) : null;

    public string? StoredCheckpointNote() => File.Exists(CheckpointFile) ? File.ReadAllText(CheckpointFile) : null;

    public string? CosignedCheckpointNote() => File.Exists(CosignedFile) ? File.ReadAllText(CosignedFile) : null;

    /// <summary>Kept before the cosignature leaves the witness: it must never cosign a checkpoint inconsistent with this one.</summary>
    public void StoreCosigned(string checkpointNote) => WriteAtomically(CosignedFile, checkpointNote);

    public DateTime? StoredCheckpointTime() => File.Exists(CheckpointFile) ? File.GetLastWriteTimeUtc(CheckpointFile) : null;

    /// <summary>The leaf hashes a full audit saw, in order; null when no full audit ran.</summary>
    public IReadOnlyList<byte[]>? StoredLeaves()
    {
        if (!File.Exists(LeavesFile)) return null;
        var bytes = File.ReadAllBytes(LeavesFile);
        return [.. bytes.Chunk(32)];
    }

    public void Pin(VerifierKey key) => WriteAtomically(KeyFile, key + "\n");

    public void Store(string checkpointNote, Checkpoint checkpoint, IReadOnlyList<byte[]>? leaves)
    {
        WriteAtomically(CheckpointFile, checkpointNote);
        if (leaves is not null) WriteAtomically(LeavesFile, leaves.SelectMany(l => l).ToArray());
        File.AppendAllText(HistoryFile, $"{DateTime.UtcNow:yyyy-MM-ddTHH:mm:ssZ} {checkpoint.TreeSize} {checkpoint.Root}\n");
    }

    void WriteAtomically(string file, string text) => WriteAtomically(file, System.Text.Encoding.UTF8.GetBytes(text));

    // A watchdog killed mid-write must not be left with half a checkpoint, which would fail every later audit.
    void WriteAtomically(string file, byte[] bytes)
    {
        Directory.CreateDirectory(Path);
        var temporary = file + ".tmp";
        File.WriteAllBytes(temporary, bytes);
        File.Move(temporary, file, overwrite: true);
    }
}
