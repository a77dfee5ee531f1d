using Marten;

namespace Ledger.Commitments.Gaps;

/// <summary>
/// The columns and indexes of the tracked commitments' table, shaped by the gaps queries (docs/benchmarks.md, P3).
/// Every index is one more write for each row the projection stores, so a column only gets one of its own where a
/// query leads with it.
/// </summary>
public static class GapIndexes
{
    /// <summary>
    /// Columns that are only read through the composite indexes they lead or follow in: an index of their own would
    /// duplicate a composite's leading part (party, unit, fulfilment, due date) or serve no query (the negated gap is only
    /// ever sorted by after the unit).
    /// </summary>
    static readonly string[] InCompositesOnly =
    [
        nameof(TrackedCommitment.PromisorKey), nameof(TrackedCommitment.Unit), nameof(TrackedCommitment.Fulfilment),
        nameof(TrackedCommitment.DueOnKey), nameof(TrackedCommitment.GapDescendingKey),
    ];

    public static StoreOptions IndexTrackedCommitments(this StoreOptions o)
    {
        // Marten's Duplicate always adds an index; a policy runs before the registry below, so the columns exist when
        // its composite indexes name them.
        o.Policies.ForAllDocuments(mapping =>
        {
            if (mapping.DocumentType != typeof(TrackedCommitment)) return;
            foreach (var member in InCompositesOnly) mapping.DuplicateField(member, pgType: null, notNull: false);
        });
        // A sort key with many ties (due dates, 0 % fulfilment) is indexed with the id that breaks them, so
        // ORDER BY key, id LIMIT n reads n rows instead of sorting every tie. A party is indexed with its statuses and
        // units, so "overdue km of X" reads X's rows that match instead of intersecting them with a status or a unit
        // that matches half or a third of the ledger (a cost that grew with the ledger: 30 ms at 1M events).
        o.Schema.For<TrackedCommitment>()
            .Duplicate(x => x.DealId).Duplicate(x => x.Category).Duplicate(x => x.Status).Duplicate(x => x.Gap)
            .Duplicate(x => x.Verified).Duplicate(x => x.ShortOfOriginal).Duplicate(x => x.LastProgressKey)
            .Duplicate(x => x.Verification)
            .Index([x => x.PromisorKey, x => x.Status, x => x.Unit],
                i => i.Name = "mt_doc_trackedcommitment_idx_party_status_unit")
            .Index([x => x.Fulfilment, x => x.Id], i => i.Name = "mt_doc_trackedcommitment_idx_fulfilment_id")
            .Index([x => x.DueOnKey, x => x.Id], i => i.Name = "mt_doc_trackedcommitment_idx_due_on_key_id")
            .Index([x => x.Unit, x => x.GapDescendingKey, x => x.Id],
                i => i.Name = "mt_doc_trackedcommitment_idx_unit_gap_desc_id");
        return o;
    }
}
