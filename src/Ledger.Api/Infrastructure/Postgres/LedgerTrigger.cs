using System.Data.Common;
using Weasel.Core;
using Weasel.Postgresql;
using Weasel.Postgresql.Functions;
using Weasel.Postgresql.Triggers;
using DbCommandBuilder = Weasel.Core.DbCommandBuilder;

namespace Ledger.Infrastructure.Postgres;

/// <summary>One of the ledger's own triggers: it calls a ledger function, with no argument or condition.</summary>
/// <remarks>
/// Compared with the database on what it does (pg_trigger's type bits, function, state) rather than on the text of
/// <c>pg_get_triggerdef</c>, which Weasel's <see cref="Trigger"/> does: that text lists the events in PostgreSQL's
/// order (DELETE OR UPDATE) and leaves the function unqualified when it is on the search path, so every migration
/// saw a difference and recreated the trigger. A disabled trigger counts as a difference: a migration re-enables it.
/// </remarks>
public class LedgerTrigger : Trigger
{
    // pg_trigger.tgtype bits (PostgreSQL's trigger.h).
    const short Row = 1, Before = 2, Insert = 4, Delete = 8, Update = 16, Truncate = 32;

    readonly DbObjectName _function;
    readonly short _type;

    public LedgerTrigger(string name, DbObjectName target, DbObjectName function,
        TriggerTiming timing, TriggerEvents events, bool forEachRow)
        : base(new PostgresqlObjectName(target.Schema, name, SchemaUtils.IdentifierUsage.General), target,
            $"{function.QualifiedName}()")
    {
        _function = function;
        Timing = timing;
        Events = events;
        ForEachRow = forEachRow;
        _type = (short)((forEachRow ? Row : 0) | (timing == TriggerTiming.Before ? Before : 0)
            | (events.HasFlag(TriggerEvents.Insert) ? Insert : 0) | (events.HasFlag(TriggerEvents.Delete) ? Delete : 0)
            | (events.HasFlag(TriggerEvents.Update) ? Update : 0)
            | (events.HasFlag(TriggerEvents.Truncate) ? Truncate : 0));
    }

    public override void ConfigureQueryCommand(DbCommandBuilder builder)
    {
        var name = builder.AddParameter(Identifier.Name).ParameterName;
        var table = builder.AddParameter(Target.Name).ParameterName;
        var schema = builder.AddParameter(Target.Schema).ParameterName;
        builder.Append($"""

            SELECT t.tgtype, fn.nspname, f.proname, t.tgenabled <> 'D', t.tgqual IS NULL AND t.tgnargs = 0
            FROM pg_trigger t
            JOIN pg_class c ON c.oid = t.tgrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_proc f ON f.oid = t.tgfoid
            JOIN pg_namespace fn ON fn.oid = f.pronamespace
            WHERE NOT t.tgisinternal AND t.tgname = :{name} AND c.relname = :{table} AND n.nspname = :{schema};
            """);
    }

    public override async Task<ISchemaObjectDelta> CreateDeltaAsync(DbDataReader reader, CancellationToken ct = default)
    {
        if (!await reader.ReadAsync(ct)) return new SchemaObjectDelta(this, SchemaPatchDifference.Create);
        var same = reader.GetInt16(0) == _type
            && reader.GetString(1) == _function.Schema && reader.GetString(2) == _function.Name
            && reader.GetBoolean(3) && reader.GetBoolean(4);
        return new SchemaObjectDelta(this, same ? SchemaPatchDifference.None : SchemaPatchDifference.Update);
    }
}

/// <summary>
/// A trigger function replaced in place when its body changes. Weasel replaces a function by dropping it with CASCADE,
/// which would take the triggers that call it along, and they would not come back in the same migration.
/// </summary>
public sealed class TriggerFunction(DbObjectName identifier, string body) : Function(identifier, body)
{
    /// <summary>A PL/pgSQL trigger function of no arguments whose body runs <paramref name="statements"/>.</summary>
    public static TriggerFunction PlPgSql(DbObjectName identifier, string statements) => new(identifier, $"""
        CREATE OR REPLACE FUNCTION {identifier.QualifiedName}()
         RETURNS trigger
         LANGUAGE plpgsql
        AS $function$
        BEGIN
        {statements}
        END $function$;
        """);

    protected override ISchemaObjectDelta CreateFunctionDelta(FunctionBase? actual) =>
        new ReplacedInPlace(this, (Function?)actual);

    sealed class ReplacedInPlace(Function expected, Function? actual) : FunctionDelta(expected, actual)
    {
        // The body is a CREATE OR REPLACE FUNCTION of the same signature: nothing to drop first.
        public override void WriteUpdate(Migrator rules, TextWriter writer) =>
            Expected.WriteCreateStatement(rules, writer);
    }
}
