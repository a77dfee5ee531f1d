using Ledger.Infrastructure.Postgres;
using Weasel.Core;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace Ledger.Transparency.Log;

/// <summary>
/// The log's tables, the function that refuses changes to them and its triggers, as Weasel schema objects: Marten's own
/// migrations (start-up, <c>db-apply</c>, <c>db-patch</c>, <c>db-dump</c>) create and compare them with its tables.
/// </summary>
public static class LogSchema
{
    public const string RefuseChanges = "ledger_log_refuse_changes";

    public static readonly IReadOnlyList<string> Tables =
        ["ledger_log_leaves", "ledger_log_nodes", "ledger_log_seals", "ledger_checkpoints", "ledger_cosignatures"];

    /// <summary>In creation order: the tables, then the function, then the triggers that call it.</summary>
    public static IEnumerable<ISchemaObject> Objects(string schema)
    {
        yield return Leaves(schema);
        yield return Nodes(schema);
        yield return Seals(schema);
        yield return Checkpoints(schema);
        yield return Cosignatures(schema);
        var function = new PostgresqlObjectName(schema, RefuseChanges, SchemaUtils.IdentifierUsage.Function);
        yield return RefuseChangesFunction(function);
        foreach (var table in Tables)
        {
            var target = new PostgresqlObjectName(schema, table, SchemaUtils.IdentifierUsage.General);
            yield return AppendOnlyTrigger.Rows(target, function);
            yield return AppendOnlyTrigger.Statements(target, function);
        }
    }

    static Table Leaves(string schema)
    {
        var table = NewTable(schema, "ledger_log_leaves");
        table.AddColumn("leaf_index", "bigint").AsPrimaryKey();
        table.AddColumn("sequence", "bigint").NotNull();
        table.AddColumn("logged_at", "timestamp with time zone").NotNull().DefaultValueByExpression("now()");
        Unique(table, "sequence");
        return table;
    }

    static Table Nodes(string schema)
    {
        var table = NewTable(schema, "ledger_log_nodes");
        table.AddColumn("level", "smallint").AsPrimaryKey();
        table.AddColumn("idx", "bigint").AsPrimaryKey();
        table.AddColumn("hash", "bytea").NotNull();
        return table;
    }

    static Table Seals(string schema)
    {
        var table = NewTable(schema, "ledger_log_seals");
        table.AddColumn("sequence", "bigint").AsPrimaryKey();
        table.AddColumn("path", "text").AsPrimaryKey();
        table.AddColumn("salt", "bytea").AllowNulls(); // deleted when a protected field is erased
        table.AddColumn("digest", "bytea").NotNull();
        return table;
    }

    static Table Checkpoints(string schema)
    {
        var table = NewTable(schema, "ledger_checkpoints");
        table.AddColumn("id", "bigint").BigAutoIncrement().AsPrimaryKey();
        table.AddColumn("tree_size", "bigint").NotNull();
        table.AddColumn("root_hash", "bytea").NotNull();
        table.AddColumn("signed_at", "timestamp with time zone").NotNull();
        table.AddColumn("note", "text").NotNull();
        Unique(table, "tree_size");
        return table;
    }

    // A witness's first cosignature of a checkpoint is kept; a later one of the same checkpoint adds nothing.
    static Table Cosignatures(string schema)
    {
        var table = NewTable(schema, "ledger_cosignatures");
        table.AddColumn("tree_size", "bigint").AsPrimaryKey();
        table.AddColumn("witness", "text").AsPrimaryKey();
        table.AddColumn("key_id", "bigint").AsPrimaryKey();
        table.AddColumn("cosigned_at", "timestamp with time zone").NotNull();
        table.AddColumn("line", "text").NotNull();
        table.AddColumn("received_at", "timestamp with time zone").NotNull().DefaultValueByExpression("now()");
        return table;
    }

    // The names PostgreSQL gave the primary keys and unique constraints when these tables were created by hand:
    // databases made before Weasel owned them then compare equal instead of having their keys rebuilt.
    static Table NewTable(string schema, string name) =>
        new(new PostgresqlObjectName(schema, name, SchemaUtils.IdentifierUsage.General))
        {
            PrimaryKeyName = $"{name}_pkey",
        };

    static void Unique(Table table, string column) => table.Indexes.Add(
        new IndexDefinition($"{table.Identifier.Name}_{column}_key") { IsUnique = true, Columns = [column] });

    static TriggerFunction RefuseChangesFunction(DbObjectName function) => TriggerFunction.PlPgSql(function, """
          -- Erasing a protected field deletes its salt and keeps its digest: the one change the log allows.
          IF TG_OP = 'UPDATE' AND TG_TABLE_NAME = 'ledger_log_seals' THEN
            IF NEW.salt IS NULL AND NEW.sequence = OLD.sequence AND NEW.path = OLD.path AND NEW.digest = OLD.digest THEN
              RETURN NEW;
            END IF;
          END IF;
          RAISE EXCEPTION 'the transparency log is append-only: % on %.% is refused', TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME
            USING ERRCODE = 'insufficient_privilege';
        """);
}
