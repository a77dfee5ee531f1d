using Ledger.Infrastructure.OpenApi;
using Ledger.Infrastructure.Validation;
using Ledger.Transparency.Log;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Ledger.Transparency.Proofs;

/// <param name="Hashes">RFC 9162 §2.1.3 inclusion path, leaf side first, base64.</param>
public sealed record InclusionProofView(long LeafIndex, long TreeSize, string LeafHash, IReadOnlyList<string> Hashes);

/// <summary>Which leaf, in which tree: resolved before the proof is built, or the problem with the request.</summary>
public sealed record InclusionQuery(long LeafIndex, long TreeSize);

public static class GetInclusionProofEndpoint
{
    public static async Task<(InclusionQuery?, ProblemDetails)> LoadAsync(
        string? index, string? sequence, string? treeSize, LogStore log, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var leaf = errors.Number("index", index, min: 0);
        var seq = errors.Number("sequence", sequence, min: 1);
        var size = errors.Number("treeSize", treeSize, min: 1);
        if (string.IsNullOrWhiteSpace(index) && string.IsNullOrWhiteSpace(sequence))
            errors.Add("index", "give the leaf's index, or its event's sequence");
        if (!string.IsNullOrWhiteSpace(index) && !string.IsNullOrWhiteSpace(sequence)) errors.Add("sequence", "give index or sequence, not both");
        if (errors.Any) return (null, errors.ToProblem());

        var logSize = await log.SizeAsync(ct);
        if (seq is { } s)
        {
            leaf = await log.IndexOfSequenceAsync(s, ct);
            if (leaf is null)
                return (null, LogQueries.BeyondTheLog(await log.EventExistsAsync(s, ct)
                    ? $"The event of sequence {s} is not logged yet: the log appends events within seconds of their commit. Retry shortly."
                    : $"No event has the sequence {s}."));
        }
        if (leaf >= logSize) return (null, LogQueries.BeyondTheLog($"The log has {logSize} entries, numbered from 0: there is no entry {leaf}."));

        var tree = size ?? await LogQueries.DefaultTreeSizeAsync(log, ct);
        if (tree > logSize) return (null, LogQueries.Invalid("treeSize", $"the log has only {logSize} entries"));
        if (leaf >= tree)
            return (null, LogQueries.Invalid(seq is null ? "index" : "sequence",
                $"entry {leaf} is not in the tree of {tree} entries{(size is null ? " (the latest checkpoint's)" : "")}: ask for a larger treeSize"));
        return (new InclusionQuery(leaf!.Value, tree), LogQueries.Continue);
    }

    public static ProblemDetails Validate(ProblemDetails problem) => problem;

    /// <summary>
    /// The audit path proving one entry is in the tree of <c>treeSize</c> entries (default: the latest checkpoint's), by leaf
    /// <c>index</c> or by the <c>sequence</c> a write receipt gives. Read from O(log n) stored nodes.
    /// </summary>
    [WholeNumber("index", 0, LogQueries.MaxNumber), WholeNumber("sequence", 1, LogQueries.MaxNumber)]
    [WholeNumber("treeSize", 1, LogQueries.MaxNumber), ProducesResponseType(StatusCodes.Status404NotFound)]
    [Tags(Capability.TransparencyLog), EndpointSummary("Prove that an entry is in the log")]
    [WolverineGet("/api/ledger/proofs/inclusion", OperationId = "getInclusionProof")]
    public static async Task<InclusionProofView> Get(InclusionQuery query, LogStore log, CancellationToken ct)
    {
        var path = MerkleTree.InclusionPath(query.LeafIndex, query.TreeSize);
        var hashes = await log.HashesAsync([new LeafRange(query.LeafIndex, query.LeafIndex + 1), .. path], ct);
        return new InclusionProofView(query.LeafIndex, query.TreeSize, Convert.ToBase64String(hashes[0]),
            [.. hashes.Skip(1).Select(Convert.ToBase64String)]);
    }
}
