using Marten;
using Marten.Linq.QueryHandlers;
using Wolverine.Runtime;
using Wolverine.Marten;
using Wolverine.Persistence.Durability;
using Wolverine.RDBMS;

namespace Ledger.Transparency.Receipts;

/// <summary>
/// Wraps Wolverine's writer of <c>[DeduplicatedWithResponse]</c> claims, which stores the response for replay inside the write's
/// transaction, before PostgreSQL has assigned the event's sequence. For each receipt placeholder in the stored body, it queues,
/// in the same transaction and after the event's insert, an UPDATE that swaps the placeholder for the event's sequence: a replayed
/// response then carries the same receipt as the first, and a rolled-back write leaves neither claim nor receipt behind.
/// </summary>
public sealed class ReceiptedDeduplicatedResponses(IMartenDeduplicatedResponses inner, IServiceProvider services) : IMartenDeduplicatedResponses
{
    string? _claims, _events;

    public Task<DeduplicatedResponseClaim?> FindClaimAsync(IDocumentSession session, string? deduplicationId, Type? messageStoreType, CancellationToken token) =>
        inner.FindClaimAsync(session, deduplicationId, messageStoreType, token);

    public IQueryHandler<DeduplicatedResponseClaim?> ClaimQuery(IDocumentSession session, string? deduplicationId, Type? messageStoreType) =>
        inner.ClaimQuery(session, deduplicationId, messageStoreType);

    public void QueueClaim(IDocumentSession session, PendingDeduplicatedResponseClaim? claim, Type? messageStoreType)
    {
        inner.QueueClaim(session, claim, messageStoreType);
        if (claim?.Response?.Body is not { } body) return;
        foreach (var placeholder in Receipt.PlaceholderPattern().Matches(body).Select(m => m))
        {
            session.QueueSqlCommand($"""
                UPDATE {ClaimsTable} SET body = replace(body, ?,
                  coalesce((SELECT seq_id::text FROM {EventsTable} WHERE stream_id = ?::uuid AND version = ?), 'null'))
                WHERE deduplication_id = ?
                """,
                placeholder.Value, Guid.ParseExact(placeholder.Groups["stream"].Value, "N").ToString(),
                long.Parse(placeholder.Groups["version"].Value, System.Globalization.CultureInfo.InvariantCulture), claim.DeduplicationId);
        }
    }

    string ClaimsTable => _claims ??= services.GetRequiredService<IWolverineRuntime>().Storage is IMessageDatabase database
        ? database.TableNameFor(DatabaseConstants.DeduplicatedResponsesTableName)
        : throw new InvalidOperationException("Receipts in replayed responses need Wolverine's PostgreSQL message store");

    string EventsTable => _events ??= $"{services.GetRequiredService<IDocumentStore>().Options.Events.DatabaseSchemaName}.mt_events";
}
