using System.Data.Common;
using JasperFx.Events;
using Ledger.Commitments.Facts;
using Marten;
using Weasel.Core;
using Weasel.Core.Migrations;
using Weasel.Postgresql;
using DbCommandBuilder = Weasel.Core.DbCommandBuilder;

namespace Ledger.Commitments.Gaps;

/// <summary>
/// The observation events recorded about some commitments before a point of the log, read from the event store itself:
/// the tracked row keeps the figures its observations add up to, not the observations, so each time the projection
/// moves a commitment's figures it folds them again from here. From the events, not from another read model, so a
/// rebuild of every projection at once still reproduces the rows.
/// </summary>
public static class PriorObservations
{
    public const string SubmittedByCommitment = "ledger_events_observation_submitted_by_commitment";

    /// <summary>The mark an enriched slice carries: its events include the observations recorded before its page.</summary>
    public static readonly PriorObservationsFolded Folded = new();

    /// <summary>
    /// Of these commitments, those whose rows were written before rows kept <see cref="TrackedCommitment.RecordedUntil"/>
    /// (an upgraded ledger not yet rebuilt). A row read here is never newer than the one the projection holds and every
    /// row it writes keeps it, so a row that does not keep it is always found: at worst one that just started to is
    /// folded again, which gives the same row.
    /// </summary>
    public static async Task<IReadOnlyList<Guid>> RowsNotKeepingAheadAsync(
        IQuerySession session, IReadOnlyCollection<Guid> commitmentIds, CancellationToken ct)
    {
        if (commitmentIds.Count == 0) return [];
        var schema = session.DocumentStore.Options.DatabaseSchemaName;
        return await session.AdvancedSql.QueryAsync<Guid>(
            $"SELECT id FROM {schema}.{GapCounts.RowsTable} WHERE id = ANY(?) AND data ->> 'recordedUntil' IS NULL",
            ct, commitmentIds.ToArray());
    }

    public static async Task<IReadOnlyList<IEvent>> ReadAsync(
        IQuerySession session, IReadOnlyCollection<Guid> commitmentIds, long before, CancellationToken ct)
    {
        if (commitmentIds.Count == 0) return [];
        var schema = session.DocumentStore.Options.Events.DatabaseSchemaName;
        // The index below answers this: a submission names its commitment, and the observation's other events share its stream.
        var streams = await session.AdvancedSql.QueryAsync<Guid>(
            $"SELECT stream_id FROM {schema}.mt_events WHERE type = 'observation_submitted' " +
            "AND (data ->> 'commitmentId')::uuid = ANY(?) AND seq_id < ?", ct, commitmentIds.ToArray(), before);
        if (streams.Count == 0) return [];
        // A captured array, not a call in the expression: Marten compiles any call it meets there, a JIT each query.
        var ids = streams.ToArray();
        return await session.Events.QueryAllRawEvents().Where(e => e.StreamId.IsOneOf(ids) && e.Sequence < before)
            .OrderBy(e => e.Sequence).ToListAsync(ct);
    }
}

/// <summary>The mark of <see cref="PriorObservations.Folded"/>.</summary>
public sealed record PriorObservationsFolded;

/// <summary>
/// The index behind <see cref="PriorObservations"/>: submissions only, so no other append maintains it. Marten's own
/// migration of <c>mt_events</c> is told to leave it alone (it would drop an index it does not define).
/// </summary>
public sealed class ObservationSubmissionIndex(StoreOptions options) : FeatureSchemaBase("ObservationSubmissionIndex", options.Advanced.Migrator)
{
    public override IEnumerable<Type> DependentTypes() => [typeof(IEvent)];

    protected override IEnumerable<ISchemaObject> schemaObjects()
    {
        var schema = options.Events.DatabaseSchemaName;
        yield return new EventIndex(new PostgresqlObjectName(schema, PriorObservations.SubmittedByCommitment, SchemaUtils.IdentifierUsage.General),
            $"ON {schema}.mt_events (((data ->> 'commitmentId')::uuid), seq_id) WHERE type = 'observation_submitted'");
    }

    /// <summary>An index on Marten's event table, which Marten itself does not let us declare; created when missing.</summary>
    sealed class EventIndex(PostgresqlObjectName name, string definition) : ISchemaObject
    {
        public DbObjectName Identifier => name;

        public void WriteCreateStatement(Migrator migrator, TextWriter writer) =>
            writer.WriteLine($"CREATE INDEX IF NOT EXISTS {name.Name} {definition};");

        public void WriteDropStatement(Migrator migrator, TextWriter writer) => writer.WriteLine($"DROP INDEX IF EXISTS {name.QualifiedName};");

        public void ConfigureQueryCommand(DbCommandBuilder builder)
        {
            var schema = builder.AddParameter(name.Schema).ParameterName;
            var index = builder.AddParameter(name.Name).ParameterName;
            builder.Append($"\nSELECT 1 FROM pg_indexes WHERE schemaname = :{schema} AND indexname = :{index};\n");
        }

        public async Task<ISchemaObjectDelta> CreateDeltaAsync(DbDataReader reader, CancellationToken ct = default) =>
            new SchemaObjectDelta(this, await reader.ReadAsync(ct) ? SchemaPatchDifference.None : SchemaPatchDifference.Create);

        public IEnumerable<DbObjectName> AllNames() => [name];
    }
}
