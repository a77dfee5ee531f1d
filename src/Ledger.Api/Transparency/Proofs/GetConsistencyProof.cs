using Ledger.Infrastructure.OpenApi;
using Ledger.Infrastructure.Validation;
using Ledger.Transparency.Log;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Ledger.Transparency.Proofs;

/// <param name="Hashes">RFC 9162 §2.1.4 consistency proof, base64; empty when both sizes are equal.</param>
public sealed record ConsistencyProofView(long From, long To, IReadOnlyList<string> Hashes);

public sealed record ConsistencyQuery(long From, long To);

public static class GetConsistencyProofEndpoint
{
    public static async Task<(ConsistencyQuery?, ProblemDetails)> LoadAsync(string? from, string? to, LogStore log, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var older = errors.Number("from", from, min: 1, required: true);
        var newer = errors.Number("to", to, min: 1);
        if (errors.Any) return (null, errors.ToProblem());

        var logSize = await log.SizeAsync(ct);
        var target = newer ?? await LogQueries.DefaultTreeSizeAsync(log, ct);
        if (target > logSize) return (null, LogQueries.Invalid("to", $"the log has only {logSize} entries"));
        if (older > target) return (null, LogQueries.Invalid("from", $"must not be larger than to ({target})"));
        return (new ConsistencyQuery(older!.Value, target), LogQueries.Continue);
    }

    public static ProblemDetails Validate(ProblemDetails problem) => problem;

    /// <summary>
    /// The proof that the tree of <c>from</c> entries is a prefix of the tree of <c>to</c> entries (default: the latest checkpoint's):
    /// what a watchdog checks between the checkpoint it kept and the current one. Read from O(log n) stored nodes.
    /// </summary>
    [WholeNumber("from", 1, LogQueries.MaxNumber, Required = true), WholeNumber("to", 1, LogQueries.MaxNumber)]
    [Tags(Capability.TransparencyLog), EndpointSummary("Prove that a checkpoint extends an earlier one")]
    [WolverineGet("/api/ledger/proofs/consistency", OperationId = "getConsistencyProof")]
    public static async Task<ConsistencyProofView> Get(ConsistencyQuery query, LogStore log, CancellationToken ct)
    {
        if (query.From == query.To) return new ConsistencyProofView(query.From, query.To, []);
        var hashes = await log.HashesAsync(MerkleTree.ConsistencyPath(query.From, query.To), ct);
        return new ConsistencyProofView(query.From, query.To, [.. hashes.Select(Convert.ToBase64String)]);
    }
}
