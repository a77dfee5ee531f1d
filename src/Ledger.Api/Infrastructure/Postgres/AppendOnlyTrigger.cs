using Weasel.Core;

namespace Ledger.Infrastructure.Postgres;

/// <summary>
/// A trigger that makes a table append-only by calling a function that raises: one fires before each UPDATE or DELETE
/// row, one before TRUNCATE.
/// </summary>
public static class AppendOnlyTrigger
{
    public const string RowsName = "ledger_append_only_rows";
    public const string TruncateName = "ledger_append_only_truncate";

    public static LedgerTrigger Rows(DbObjectName target, DbObjectName function) => new(RowsName, target, function,
        TriggerTiming.Before, TriggerEvents.Update | TriggerEvents.Delete, forEachRow: true);

    public static LedgerTrigger Statements(DbObjectName target, DbObjectName function) =>
        new(TruncateName, target, function, TriggerTiming.Before, TriggerEvents.Truncate, forEachRow: false);
}
