using System.Text.Json.Serialization;
using Marten;

namespace Ledger.Transparency.Receipts;

/// <summary>
/// What every write answers with, <c>"receipt": {"sequence": n}</c>: the sequence PostgreSQL gave the appended event when it
/// committed, which is what a submitter later asks an inclusion proof for.
/// </summary>
/// <param name="Sequence">Ask <c>GET /api/ledger/proofs/inclusion?sequence=</c> for its proof.</param>
public sealed record Receipt([property: JsonNumberHandling(JsonNumberHandling.Strict)] long Sequence)
{
    /// <summary>The receipt of the event at <paramref name="version"/> of a stream, once its write has committed.</summary>
    public static async Task<Receipt> OfAsync(IQuerySession session, Guid streamId, long version, CancellationToken ct)
    {
        var sequences = await session.Events.QueryAllRawEvents()
            .Where(e => e.StreamId == streamId && e.Version == version)
            .Select(e => e.Sequence)
            .ToListAsync(ct);
        return sequences.Count == 1
            ? new Receipt(sequences[0])
            : throw new InvalidOperationException($"No committed event at version {version} of stream {streamId}");
    }
}
