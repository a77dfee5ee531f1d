namespace Ledger.Verify;

/// <param name="State">Where the log's pinned key and the last checkpoint this witness cosigned are kept.</param>
/// <param name="Cosigner">The witness's own key.</param>
/// <param name="LogKey">The log's verifier key, if given; else the one pinned in the state, or the served one on first use.</param>
public sealed record WitnessOptions(StateDirectory State, Cosigner Cosigner, VerifierKey? LogKey = null);

/// <summary>
/// A witness (c2sp.org/tlog-witness in spirit, over this ledger's routes): it cosigns a checkpoint only once it has checked
/// that the log's key signed it and that it extends the last checkpoint it cosigned. Shown a checkpoint that does not, it
/// refuses and reports a split view: the log has shown two histories, at least one of them to someone else.
/// </summary>
public sealed class Witness(LogClient log)
{
    public async Task<Report> CosignAsync(WitnessOptions options, DateTimeOffset now, CancellationToken ct = default)
    {
        var report = new Report();
        report.Note($"witnessing the log at {log.BaseAddress} as {options.Cosigner.Key.Name}+{options.Cosigner.Key.KeyId:x8}");
        var (trusted, firstUse) = await Auditor.TrustedKeyAsync(log, options.State, options.LogKey, report, ct);
        if (trusted is null || !report.Holds) return report;

        var note = await log.GetCheckpointNoteAsync(ct);
        VerifiedNote current;
        try { current = SignedNote.Open(note, trusted); }
        catch (NoteException e)
        {
            report.Fail($"the checkpoint served does not verify with the log's key: {e.Message}");
            return report;
        }
        var checkpoint = Checkpoint.Parse(current);
        if (checkpoint.Origin != trusted.Name)
        {
            report.Fail($"the checkpoint is for the log '{checkpoint.Origin}', but the log's key is '{trusted.Name}''s");
            return report;
        }
        report.Ok($"checkpoint of {checkpoint.TreeSize} entries, root {checkpoint.Root}, signed by {trusted.Name}+{trusted.KeyId:x8}");

        if (options.State.CosignedCheckpointNote() is { } lastNote)
        {
            var last = Checkpoint.Parse(SignedNote.Open(lastNote, trusted));
            if (await InconsistencyAsync(last, checkpoint, ct) is { } why)
            {
                report.Fail($"SPLIT VIEW: {why}. This witness cosigned the first and refuses the second; both are signed by " +
                            $"{trusted.Name}, so the log has shown inconsistent histories.");
                report.Note("the checkpoint this witness cosigned:\n" + SignedNote.Split(lastNote).Text.TrimEnd());
                report.Note("the checkpoint it is shown now:\n" + current.Text.TrimEnd());
                return report;
            }
            report.Ok(last.TreeSize == checkpoint.TreeSize
                ? "the same tree this witness cosigned last"
                : $"consistent with the checkpoint of {last.TreeSize} entries this witness cosigned last");
        }

        // Kept before the cosignature leaves: whatever happens next, this witness never cosigns a checkpoint inconsistent with it.
        if (firstUse) options.State.Pin(trusted);
        options.State.StoreCosigned(note);
        var line = options.Cosigner.Cosign(current.Text, now);
        await log.PostCosignatureAsync($"{current.Text}\n{line}\n", ct);
        report.Ok($"cosigned the checkpoint of {checkpoint.TreeSize} entries at {now:yyyy-MM-dd HH:mm:ss} UTC; the log accepted it");
        return report;
    }

    /// <summary>Why <paramref name="later"/> does not extend <paramref name="earlier"/>, or null when it does.</summary>
    async Task<string?> InconsistencyAsync(Checkpoint earlier, Checkpoint later, CancellationToken ct)
    {
        var both = $"the checkpoint of {earlier.TreeSize} entries (root {earlier.Root}) and the one of {later.TreeSize} " +
                   $"entries (root {later.Root})";
        if (later.TreeSize < earlier.TreeSize) return $"the log shrank between {both}";
        if (later.TreeSize == earlier.TreeSize)
            return later.RootHash.AsSpan().SequenceEqual(earlier.RootHash) ? null : $"two different trees of the same size: {both}";
        if (earlier.TreeSize == 0) return null;
        var proof = await log.GetConsistencyProofAsync(earlier.TreeSize, later.TreeSize, ct);
        return Merkle.VerifyConsistency(earlier.TreeSize, later.TreeSize, Auditor.Decode(proof.Hashes), earlier.RootHash, later.RootHash)
            ? null
            : $"the log's consistency proof fails between {both}";
    }
}
