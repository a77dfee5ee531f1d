using System.Text;
using System.Text.Json;

namespace Ledger.Verify;

/// <param name="State">Where the pinned key and the last good checkpoint are kept.</param>
/// <param name="Key">A verifier key given on the command line; it must agree with the pinned one.</param>
/// <param name="Full">Also fetch every entry, re-hash it and recompute the root.</param>
/// <param name="Witnesses">Witness keys (type 0x04) the auditor knows; <paramref name="Quorum"/> of them must have cosigned.</param>
public sealed record AuditOptions(
    StateDirectory State, VerifierKey? Key = null, bool Full = false, int PageSize = 500,
    IReadOnlyList<VerifierKey>? Witnesses = null, int Quorum = 0);

/// <summary>
/// The daily audit: the current checkpoint carries a valid signature by the trusted key, and the tree it signs extends the
/// tree of the checkpoint stored by the last audit (a consistency proof), so nothing recorded then has changed since. With
/// <see cref="AuditOptions.Full"/>, every entry is re-hashed and the root recomputed from them. The new checkpoint is stored
/// only when everything holds.
/// </summary>
public sealed class Auditor(LogClient log)
{
    const int MaxEntryFailures = 20;

    public async Task<Report> AuditAsync(AuditOptions options, CancellationToken ct = default)
    {
        var report = new Report();
        report.Note($"auditing the log at {log.BaseAddress}");

        var (trusted, firstUse) = await TrustedKeyAsync(log, options.State, options.Key, report, ct);
        if (trusted is null) return report;

        var note = await log.GetCheckpointNoteAsync(ct);
        Checkpoint current;
        try { current = Checkpoint.Parse(SignedNote.Open(note, trusted)); }
        catch (NoteException e)
        {
            report.Fail($"the current checkpoint does not verify: {e.Message}");
            return report;
        }
        if (current.Origin != trusted.Name)
        {
            report.Fail($"the checkpoint is for the log '{current.Origin}', but the trusted key is '{trusted.Name}''s");
            return report;
        }
        report.Ok($"checkpoint of {current.TreeSize} entries, root {current.Root}, signed by {trusted.Name}+{trusted.KeyId:x8}");
        if (options.Quorum > 0) CheckCosignatures(note, options.Witnesses ?? [], options.Quorum, report);

        await CheckAgainstStoredAsync(options.State, trusted, current, report, ct);

        IReadOnlyList<byte[]>? leaves = null;
        if (options.Full && report.Holds) leaves = await RehashEverythingAsync(current, options.PageSize, report, ct);

        if (report.Holds)
        {
            if (firstUse) options.State.Pin(trusted);
            options.State.Store(note, current, leaves);
            report.Ok($"stored this checkpoint in {options.State.Path} for the next audit");
        }
        return report;
    }

    /// <summary>A split view shown to this auditor alone would go unseen: it asks that others saw the same checkpoint.</summary>
    static void CheckCosignatures(string note, IReadOnlyList<VerifierKey> witnesses, int quorum, Report report)
    {
        var cosigned = 0;
        foreach (var witness in witnesses)
        {
            try
            {
                if (Cosignature.Verify(note, witness) is { } at)
                {
                    cosigned++;
                    report.Ok($"cosigned by the witness {witness.Name}+{witness.KeyId:x8} at {at:yyyy-MM-dd HH:mm:ss} UTC");
                }
                else report.Note($"no cosignature by the witness {witness.Name}+{witness.KeyId:x8}");
            }
            catch (NoteException e) { report.Fail(e.Message); }
        }
        if (cosigned < quorum)
            report.Fail($"only {cosigned} of the {witnesses.Count} known witnesses cosigned this checkpoint; {quorum} are required");
    }

    internal static async Task<(VerifierKey? Key, bool FirstUse)> TrustedKeyAsync(
        LogClient log, StateDirectory state, VerifierKey? key, Report report, CancellationToken ct)
    {
        VerifierKey? pinned;
        try { pinned = state.PinnedKey(); }
        catch (FormatException e)
        {
            report.Fail($"the key pinned in {state.Path} is unreadable: {e.Message}");
            return (null, false);
        }
        if (key is { } given && pinned is not null && !given.SameKeyAs(pinned))
        {
            report.Fail($"the key given with --key ({given}) is not the key pinned in {state.Path} ({pinned})");
            return (null, false);
        }

        var served = VerifierKey.Parse((await log.GetPublicKeyAsync(ct)).VerifierKey);
        var trusted = key ?? pinned;
        if (trusted is null)
        {
            report.Note($"no key pinned yet: trusting the log's own key {served} on first use; compare it with the one its operator publishes");
            return (served, true);
        }
        if (!served.SameKeyAs(trusted))
            report.Fail($"the log now presents the key {served}, not the trusted key {trusted}: a changed key cannot vouch for the old history");
        return (trusted, pinned is null);
    }

    async Task CheckAgainstStoredAsync(StateDirectory state, VerifierKey trusted, Checkpoint current, Report report, CancellationToken ct)
    {
        if (state.StoredCheckpointNote() is not { } storedNote)
        {
            report.Note("no checkpoint stored from an earlier audit: this one becomes the reference");
            return;
        }
        Checkpoint stored;
        try { stored = Checkpoint.Parse(SignedNote.Open(storedNote, trusted)); }
        catch (NoteException e)
        {
            report.Fail($"the checkpoint stored in {state.Path} does not verify with the trusted key: {e.Message}");
            return;
        }
        var when = state.StoredCheckpointTime() is { } t ? $"stored {t:yyyy-MM-dd HH:mm} UTC" : "stored";

        if (current.TreeSize < stored.TreeSize)
            report.Fail($"the log shrank: it signs {current.TreeSize} entries now, but signed {stored.TreeSize} in the checkpoint {when}: " +
                        "entries were removed");
        else if (current.TreeSize == stored.TreeSize)
        {
            if (current.RootHash.AsSpan().SequenceEqual(stored.RootHash)) report.Ok($"unchanged since the checkpoint {when}");
            else report.Fail($"the log signed two different trees of {current.TreeSize} entries (root {stored.Root} {when}, root {current.Root} now): " +
                             "its history was rewritten");
        }
        else if (stored.TreeSize == 0) report.Ok("the stored checkpoint was of the empty log: every log extends it");
        else
        {
            var proof = await log.GetConsistencyProofAsync(stored.TreeSize, current.TreeSize, ct);
            if (Merkle.VerifyConsistency(stored.TreeSize, current.TreeSize, Decode(proof.Hashes), stored.RootHash, current.RootHash))
                report.Ok($"consistent with the checkpoint of {stored.TreeSize} entries {when}: the log only grew, by {current.TreeSize - stored.TreeSize}");
            else
            {
                report.Fail($"the log of {current.TreeSize} entries does not extend the checkpoint of {stored.TreeSize} entries {when}: " +
                            $"some of those {stored.TreeSize} entries were changed or removed since");
                await LocateRewriteAsync(state, stored, report, ct);
            }
        }
    }

    /// <summary>With the leaves of an earlier full audit at hand, name the first entry whose leaf is no longer what it was.</summary>
    async Task LocateRewriteAsync(StateDirectory state, Checkpoint stored, Report report, CancellationToken ct)
    {
        if (state.StoredLeaves() is not { } known || known.Count < stored.TreeSize)
        {
            report.Note("run `audit --full` regularly: the leaves it keeps let a later audit name the first rewritten entry");
            return;
        }
        for (long start = 0; start < stored.TreeSize; start += 500)
        {
            var page = await log.GetEntriesAsync(start, (int)Math.Min(500, stored.TreeSize - start), ct);
            foreach (var entry in page.Items)
            {
                if (Convert.FromBase64String(entry.LeafHash).AsSpan().SequenceEqual(known[(int)entry.Index])) continue;
                report.Fail($"entry {entry.Index} (now sequence {entry.Sequence}) is the first that differs from what the last full audit saw: " +
                            $"its leaf was {Convert.ToBase64String(known[(int)entry.Index])}, it is now {entry.LeafHash}");
                return;
            }
        }
    }

    async Task<IReadOnlyList<byte[]>> RehashEverythingAsync(Checkpoint checkpoint, int pageSize, Report report, CancellationToken ct)
    {
        var root = new Merkle.RootBuilder();
        var leaves = new List<byte[]>();
        var (failures, withheld) = (0, 0);
        void Fail(string message)
        {
            if (++failures <= MaxEntryFailures) report.Fail(message);
        }

        while (root.Size < checkpoint.TreeSize)
        {
            var count = (int)Math.Min(pageSize, checkpoint.TreeSize - root.Size);
            var page = await log.GetEntriesAsync(root.Size, count, ct);
            if (page.Items.Count == 0)
            {
                report.Fail($"the log serves no entry at index {root.Size}, yet its checkpoint signs {checkpoint.TreeSize}");
                return leaves;
            }
            foreach (var entry in page.Items.Take(count))
            {
                if (entry.Index != root.Size)
                {
                    report.Fail($"asked for entry {root.Size}, the log answered entry {entry.Index}");
                    return leaves;
                }
                var served = Convert.FromBase64String(entry.LeafHash);
                var leaf = served;
                if (entry.Withheld) withheld++;
                else if (entry.Entry is null) Fail($"entry {entry.Index} (sequence {entry.Sequence}): its event is no longer in the store");
                else
                {
                    leaf = Merkle.LeafHash(Encoding.UTF8.GetBytes(entry.Entry));
                    if (!leaf.AsSpan().SequenceEqual(served))
                        Fail($"entry {entry.Index} (sequence {entry.Sequence}): its event as stored now no longer hashes to the leaf the log " +
                             "recorded: the event was changed after it was logged");
                    else if (SequenceIn(entry.Entry) != entry.Sequence)
                        Fail($"entry {entry.Index}: its text names sequence {SequenceIn(entry.Entry)}, the log says {entry.Sequence}");
                }
                root.Add(leaf);
                leaves.Add(leaf);
            }
        }
        if (failures > MaxEntryFailures) report.Fail($"… and {failures - MaxEntryFailures} more entries like these");

        var recomputed = root.Root();
        if (withheld > 0)
            report.Note($"{withheld} entries were withheld (observations not yet public to this key): their leaves are taken " +
                        "as served; a later full audit re-hashes them once they are public, and one with a curator's --api-key now");
        if (recomputed.AsSpan().SequenceEqual(checkpoint.RootHash))
            report.Ok(withheld == 0 ? $"re-hashed all {checkpoint.TreeSize} entries: they make exactly the signed root"
                : $"re-hashed {checkpoint.TreeSize - withheld} entries and took {withheld} withheld leaves: they make exactly the signed root");
        else
            report.Fail($"the root recomputed from the {checkpoint.TreeSize} entries served, {Convert.ToBase64String(recomputed)}, " +
                        $"is not the signed root {checkpoint.Root}");
        return leaves;
    }

    static long? SequenceIn(string entry)
    {
        try
        {
            using var json = JsonDocument.Parse(entry);
            return json.RootElement.TryGetProperty("sequence", out var s) && s.TryGetInt64(out var n) ? n : null;
        }
        catch (JsonException) { return null; }
    }

    internal static List<byte[]> Decode(IEnumerable<string> hashes) => [.. hashes.Select(Convert.FromBase64String)];
}
