using System.Net;
using System.Text;
using System.Text.Json;

namespace Ledger.Verify;

/// <param name="By"><c>index</c> (the leaf's position in the log) or <c>sequence</c> (the event's, as a write receipt gives it).</param>
public sealed record ProveOptions(string By, long Value, VerifierKey? Key = null, StateDirectory? State = null);

/// <summary>
/// Proves one receipt: the entry's text hashes to a leaf that an inclusion proof places under the root of the current signed
/// checkpoint. The leaf is recomputed from the entry, never taken from the server.
/// </summary>
public sealed class Prover(LogClient log)
{
    public async Task<Report> ProveAsync(ProveOptions options, CancellationToken ct = default)
    {
        var report = new Report();
        var trusted = options.Key ?? options.State?.PinnedKey();
        if (trusted is null)
        {
            trusted = VerifierKey.Parse((await log.GetPublicKeyAsync(ct)).VerifierKey);
            report.Note($"no key given or pinned: trusting the log's own key {trusted}; pass --key or --state to check against yours");
        }

        Checkpoint checkpoint;
        try { checkpoint = Checkpoint.Parse(SignedNote.Open(await log.GetCheckpointNoteAsync(ct), trusted)); }
        catch (NoteException e)
        {
            report.Fail($"the current checkpoint does not verify: {e.Message}");
            return report;
        }
        report.Ok($"checkpoint of {checkpoint.TreeSize} entries, root {checkpoint.Root}, signed by {trusted.Name}+{trusted.KeyId:x8}");

        InclusionProof proof;
        try { proof = await log.GetInclusionProofAsync(options.By, options.Value, checkpoint.TreeSize, ct); }
        catch (LogUnavailableException e) when (e.Status is HttpStatusCode.NotFound or HttpStatusCode.BadRequest)
        {
            report.Fail($"the log has no entry with {options.By} {options.Value} in its signed checkpoint of {checkpoint.TreeSize} entries " +
                        $"(a write is logged within seconds: retry shortly if it is that recent): {e.Message}");
            return report;
        }

        var entry = await log.GetEntryAsync(proof.LeafIndex, ct);
        if (options.By == "sequence" && entry.Sequence != options.Value)
            report.Fail($"asked for sequence {options.Value}, the log answered entry {entry.Index} of sequence {entry.Sequence}");
        if (entry.Withheld)
        {
            // The observation is not public to this key: only the leaf can be proved, not what it holds.
            report.Note($"entry {entry.Index} (sequence {entry.Sequence}) is withheld from this key (an observation not yet " +
                        "public): its leaf is proved, not its text; prove with the observing organization's --api-key for both");
            var served = Convert.FromBase64String(proof.LeafHash);
            if (Merkle.VerifyInclusion(proof.LeafIndex, checkpoint.TreeSize, served, Auditor.Decode(proof.Hashes), checkpoint.RootHash))
                report.Ok($"the leaf of entry {entry.Index} is in the signed tree of {checkpoint.TreeSize} entries");
            else report.Fail($"entry {entry.Index} (sequence {entry.Sequence}): the inclusion proof does not lead to the signed root");
            return report;
        }
        if (entry.Entry is null)
        {
            report.Fail($"entry {entry.Index} (sequence {entry.Sequence}): its event is no longer in the store");
            return report;
        }
        var leaf = Merkle.LeafHash(Encoding.UTF8.GetBytes(entry.Entry));
        if (!leaf.AsSpan().SequenceEqual(Convert.FromBase64String(proof.LeafHash)))
            report.Fail($"entry {entry.Index} (sequence {entry.Sequence}): its event as stored now does not hash to the leaf the log " +
                        "recorded: the event was changed after it was logged");
        else if (!Merkle.VerifyInclusion(proof.LeafIndex, checkpoint.TreeSize, leaf, Auditor.Decode(proof.Hashes), checkpoint.RootHash))
            report.Fail($"entry {entry.Index} (sequence {entry.Sequence}): the inclusion proof does not lead to the signed root");
        else
            report.Ok($"entry {entry.Index} (sequence {entry.Sequence}, {Describe(entry.Entry)}) is in the signed tree of {checkpoint.TreeSize} entries");
        return report;
    }

    static string Describe(string entry)
    {
        using var json = JsonDocument.Parse(entry);
        var root = json.RootElement;
        return $"{root.GetProperty("type").GetString()} on stream {root.GetProperty("streamId").GetString()} " +
               $"recorded {root.GetProperty("recordedAt").GetString()}";
    }
}
