using JasperFx.Events;
using Marten;
using Weasel.Core;
using Weasel.Core.Migrations;
using Weasel.Postgresql;

namespace Ledger.Infrastructure.Postgres;

/// <summary>
/// The event table refuses UPDATE, DELETE and TRUNCATE at the database itself, so that no code path, present or future,
/// can rewrite history in place: corrections are new events. A feature of Marten's schema rather than an extended
/// schema object, because Marten creates extended objects before its own tables and features after them, and the
/// triggers need <c>mt_events</c> to exist.
/// </summary>
public sealed class AppendOnlyEvents(StoreOptions options)
    : FeatureSchemaBase("AppendOnlyEvents", options.Advanced.Migrator)
{
    public const string RefuseChanges = "ledger_refuse_event_changes";

    public override IEnumerable<Type> DependentTypes() => [typeof(IEvent)];

    protected override IEnumerable<ISchemaObject> schemaObjects()
    {
        // Read here, not in the constructor: the schema may be set after this feature is registered.
        var schema = options.Events.DatabaseSchemaName;
        var events = new PostgresqlObjectName(schema, "mt_events", SchemaUtils.IdentifierUsage.General);
        var function = new PostgresqlObjectName(schema, RefuseChanges, SchemaUtils.IdentifierUsage.Function);
        yield return TriggerFunction.PlPgSql(function, """
              RAISE EXCEPTION 'the ledger is append-only: % on %.mt_events is refused', TG_OP, TG_TABLE_SCHEMA
                USING ERRCODE = 'insufficient_privilege';
            """);
        yield return AppendOnlyTrigger.Rows(events, function);
        yield return AppendOnlyTrigger.Statements(events, function);
    }
}

public static class AppendOnlyEventsExtensions
{
    /// <summary>Guards the event table (see <see cref="AppendOnlyEvents"/>) as part of Marten's schema.</summary>
    public static StoreOptions KeepEventsAppendOnly(this StoreOptions options)
    {
        options.Storage.Add<AppendOnlyEvents>();
        return options;
    }
}
