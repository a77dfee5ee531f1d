using Marten;
using Npgsql;

namespace Ledger.Infrastructure.Postgres;

/// <summary>
/// The event table refuses UPDATE, DELETE and TRUNCATE at the database itself, so that no code path, present or future,
/// can rewrite history in place: corrections are new events. Applied at start-up, after Marten has created its schema
/// (<c>ApplyAllDatabaseChangesOnStartup</c>, registered before this service).
/// </summary>
public sealed class AppendOnlyEvents(IDocumentStore store, LedgerDatabase database) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        var schema = store.Options.Events.DatabaseSchemaName;
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand($"""
            CREATE OR REPLACE FUNCTION {schema}.ledger_refuse_event_changes() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              RAISE EXCEPTION 'the ledger is append-only: % on %.mt_events is refused', TG_OP, TG_TABLE_SCHEMA
                USING ERRCODE = 'insufficient_privilege';
            END $$;
            CREATE OR REPLACE TRIGGER ledger_append_only_rows BEFORE UPDATE OR DELETE ON {schema}.mt_events
              FOR EACH ROW EXECUTE FUNCTION {schema}.ledger_refuse_event_changes();
            CREATE OR REPLACE TRIGGER ledger_append_only_truncate BEFORE TRUNCATE ON {schema}.mt_events
              FOR EACH STATEMENT EXECUTE FUNCTION {schema}.ledger_refuse_event_changes();
            """, connection);
        await command.ExecuteNonQueryAsync(ct);
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
