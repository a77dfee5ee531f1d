using Ledger.Commitments.Status;
using Ledger.Infrastructure.Postgres;
using Ledger.Observations.Corroborating;
using Marten;
using Weasel.Core;
using Weasel.Core.Migrations;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace Ledger.Commitments.Gaps;

/// <summary>How many tracked commitments stand at one status and verification.</summary>
public sealed record GapCount(DeliveryStatus Status, Verification Verification, long Commitments);

/// <summary>
/// The number of <see cref="TrackedCommitment"/> rows by status and verification, kept by a trigger on their table in
/// the transaction that writes the rows, so a count is never ahead of or behind them: a daemon's page, a rebuild's
/// TRUNCATE and inserts, a row deleted by hand. Today's unfiltered gaps read their total here instead of counting
/// every row (docs/benchmarks.md, P3, kept counts).
/// Each count is kept in <see cref="Stripes"/> rows, a row's stripe taken from its id: a rebuild writes ten thousand
/// rows per transaction, and PostgreSQL slows with every update of one row in one transaction (each walks the versions
/// the transaction left before it), so one row per count cost 0.1 ms per row written, 15 s of a 1M-event rebuild.
/// </summary>
public static class GapCounts
{
    public const string Table = "ledger_gap_count_stripes";
    public const int Stripes = 16;
    /// <summary>The counts' table and function before the stripes, dropped when the triggers move.</summary>
    public const string UnstripedTable = "ledger_gap_counts", UnstripedFunction = "ledger_count_gaps";

    /// <summary>A row's stripe, in SQL: its id's last byte (random in a version 7 uuid), so it never changes.</summary>
    public static string StripeOf(string row) => $"get_byte(uuid_send({row}.id), 15) % {Stripes}";
    /// <summary>Marten's name for the table of <see cref="TrackedCommitment"/> documents.</summary>
    public const string RowsTable = "mt_doc_trackedcommitment";
    public const string Function = "ledger_count_gap_stripes";
    public const string RowsTrigger = "ledger_gap_counts_rows";
    public const string TruncateTrigger = "ledger_gap_counts_truncate";

    /// <summary>The rows <paramref name="query"/>'s status, overdue and verification filters let through.</summary>
    public static async Task<long> TotalAsync(IQuerySession session, GapsQuery query, CancellationToken ct)
    {
        var table = $"{session.DocumentStore.Options.DatabaseSchemaName}.{Table}";
        var counts = await session.AdvancedSql.QueryAsync<GapCount>(
            "SELECT json_build_object('status', status, 'verification', verification, " +
            $"'commitments', sum(commitments)) FROM {table} GROUP BY status, verification", ct);
        return counts.Where(c => query.Matches(c.Status, c.Verification)).Sum(c => c.Commitments);
    }

    public static StoreOptions KeepGapCounts(this StoreOptions options)
    {
        options.Storage.Add<GapCountsSchema>();
        return options;
    }
}

/// <summary>
/// The counts' table, the function that moves them and its two triggers on the tracked commitments' table. A feature of
/// Marten's schema, created after the document tables (the triggers need theirs); Marten's own migration of that table
/// alters columns and indexes and leaves triggers alone.
/// </summary>
public sealed class GapCountsSchema(StoreOptions options) : FeatureSchemaBase("GapCounts", options.Advanced.Migrator)
{
    public override IEnumerable<Type> DependentTypes() => [typeof(TrackedCommitment)];

    protected override IEnumerable<ISchemaObject> schemaObjects()
    {
        var schema = options.DatabaseSchemaName;
        var rows = new PostgresqlObjectName(schema, GapCounts.RowsTable, SchemaUtils.IdentifierUsage.General);
        var counts = new PostgresqlObjectName(schema, GapCounts.Table, SchemaUtils.IdentifierUsage.General);
        var function = new PostgresqlObjectName(schema, GapCounts.Function, SchemaUtils.IdentifierUsage.Function);

        var table = new Table(counts) { PrimaryKeyName = $"{GapCounts.Table}_pkey" };
        table.AddColumn("status", "text").AsPrimaryKey();
        table.AddColumn("verification", "text").AsPrimaryKey();
        table.AddColumn("stripe", "smallint").AsPrimaryKey();
        table.AddColumn("commitments", "bigint").NotNull();
        yield return table;
        yield return TriggerFunction.PlPgSql(function, $"""
              -- Row triggers do not fire on TRUNCATE (a rebuild's): no row, no count.
              IF TG_OP = 'TRUNCATE' THEN
                DELETE FROM {counts.QualifiedName};
                RETURN NULL;
              END IF;
              -- Most updates move figures, not the status or the verification.
              IF TG_OP = 'UPDATE' AND OLD.status = NEW.status AND OLD.verification = NEW.verification THEN
                RETURN NULL;
              END IF;
              IF TG_OP <> 'INSERT' THEN
                UPDATE {counts.QualifiedName} SET commitments = commitments - 1
                WHERE status = OLD.status AND verification = OLD.verification AND stripe = {GapCounts.StripeOf("OLD")};
              END IF;
              IF TG_OP <> 'DELETE' THEN
                INSERT INTO {counts.QualifiedName} AS c (status, verification, stripe, commitments)
                VALUES (NEW.status, NEW.verification, {GapCounts.StripeOf("NEW")}, 1)
                ON CONFLICT (status, verification, stripe) DO UPDATE SET commitments = c.commitments + 1;
              END IF;
              RETURN NULL;
            """);
        yield return new LedgerTrigger(
            GapCounts.TruncateTrigger, rows, function, TriggerTiming.After, TriggerEvents.Truncate, forEachRow: false);
        yield return new CountingTrigger(rows, function, counts);
    }

    /// <summary>
    /// The row trigger, which counts the rows afresh whenever it is created (also when it moves to another function, as
    /// when the counts were striped: the unstriped table and function go then, nothing else uses them).
    /// </summary>
    sealed class CountingTrigger(DbObjectName table, DbObjectName function, DbObjectName counts) : LedgerTrigger(
        GapCounts.RowsTrigger, table, function, TriggerTiming.After,
        TriggerEvents.Insert | TriggerEvents.Update | TriggerEvents.Delete, forEachRow: true)
    {

        public override void WriteCreateStatement(Migrator migrator, TextWriter writer)
        {
            base.WriteCreateStatement(migrator, writer);
            // Writers wait while the rows are counted (the lock lasts the statement's transaction): none is missed or
            // counted twice, whether it committed before the trigger existed or after.
            writer.WriteLine($"""
                DO $recount$
                BEGIN
                  LOCK TABLE {Target.QualifiedName} IN SHARE ROW EXCLUSIVE MODE;
                  DELETE FROM {counts.QualifiedName};
                  INSERT INTO {counts.QualifiedName} (status, verification, stripe, commitments)
                  SELECT status, verification, {GapCounts.StripeOf("r")}, count(*) FROM {Target.QualifiedName} r
                  GROUP BY 1, 2, 3;
                  DROP TABLE IF EXISTS {counts.Schema}.{GapCounts.UnstripedTable};
                  DROP FUNCTION IF EXISTS {counts.Schema}.{GapCounts.UnstripedFunction}();
                END $recount$;
                """);
        }
    }
}
