using System.Runtime.CompilerServices;
using JasperFx.Events;
using Ledger.Commitments.Gaps;
using JasperFx.Events.Projections;
using Ledger.Infrastructure.Projections;
using Ledger.Observations;
using Marten;

namespace Ledger.Commitments.Facts;

/// <summary>
/// One observation of a commitment as its facts record it (finding, dates, decision, the times the ledger learnt them),
/// indexed by commitment, so that time travel folds a commitment's observations without the tracked row holding them.
/// Nothing that could lead to the observer is here: erasure has nothing to take from it.
/// </summary>
public sealed record TrackedObservation(Guid Id, Guid CommitmentId, RecordedObservation Recorded)
{
    public static TrackedObservation Create(IEvent<ObservationSubmitted> e) =>
        new(e.Data.ObservationId, e.Data.CommitmentId, RecordedObservation.Submitted(e.Data, Stored(e.Timestamp)));

    public TrackedObservation Apply(IEvent<ObservationAccepted> e) =>
        this with { Recorded = Recorded with { Decision = ModerationStatus.Accepted, DecidedAt = Stored(e.Timestamp) } };

    public TrackedObservation Apply(IEvent<ObservationRejected> e) =>
        this with { Recorded = Recorded with { Decision = ModerationStatus.Rejected, DecidedAt = Stored(e.Timestamp) } };

    /// <summary>
    /// The instant as PostgreSQL keeps it (microseconds): inline, the event's timestamp still has .NET's ticks, and a
    /// rebuild, which reads it back, must write the same document.
    /// </summary>
    static DateTimeOffset Stored(DateTimeOffset at) => new(at.Ticks - at.Ticks % 10, at.Offset);
}

public static class TrackedObservations
{
    /// <summary>Inline, as the observations themselves: written with their events, so time travel never misses one.</summary>
    public static StoreOptions ConfigureTrackedObservations(this StoreOptions o)
    {
        o.Projections.Snapshot<TrackedObservation>(SnapshotLifecycle.Inline, ProjectionPaging.InLargePages);
        o.Schema.For<TrackedObservation>().Duplicate(x => x.CommitmentId);
        return o;
    }

    /// <summary>The rows' facts with their observations (of the rows that have any).</summary>
    public static Task<IReadOnlyList<CommitmentFacts>> WithObservationsAsync(
        this IQuerySession session, IReadOnlyList<TrackedCommitment> rows, CancellationToken ct) =>
        session.WithObservationsAsync([.. rows.Select(r => r.Facts)], rows.Where(r => r.ObservationsRecorded > 0).Select(r => r.Id), ct);

    /// <summary>
    /// Every row of the parties (by <see cref="TrackedCommitment.PromisorKey"/>) with its observations, in one round
    /// trip: the observations are found by their commitment's party, joined on the rows, not listed by the rows' ids.
    /// </summary>
    public static async Task<IReadOnlyList<CommitmentFacts>> FactsOfPartiesAsync(
        this IQuerySession session, string[] partyKeys, CancellationToken ct)
    {
        var schema = session.DocumentStore.Options.DatabaseSchemaName;
        var batch = session.CreateBatchQuery();
        var rows = batch.Query<TrackedCommitment>().Where(x => x.PromisorKey.IsOneOf(partyKeys)).ToList();
        // Of the rows that have counted any, as the other reads here.
        var found = batch.Query<TrackedObservation>(
            $"SELECT o.data FROM {schema}.mt_doc_trackedobservation o JOIN {schema}.{GapCounts.RowsTable} c " +
            "ON c.id = o.commitment_id WHERE c.promisor_key = ANY(?) AND (c.data ->> 'observationsRecorded')::int > 0",
            (object)partyKeys); // one array parameter, not one parameter per key
        await batch.Execute(ct);
        return WithObservations([.. (await rows).Select(r => r.Facts)], await found);
    }

    /// <summary>The rows streamed, each with its observations, read for a run of rows at a time.</summary>
    public static async IAsyncEnumerable<CommitmentFacts> FactsWithObservationsAsync(
        this IQuerySession session, IQueryable<TrackedCommitment> rows, [EnumeratorCancellation] CancellationToken ct)
    {
        var run = new List<TrackedCommitment>(RunLength);
        await foreach (var row in rows.ToAsyncEnumerable(ct))
        {
            run.Add(row);
            if (run.Count < RunLength) continue;
            foreach (var facts in await session.WithObservationsAsync(run, ct)) yield return facts;
            run.Clear();
        }
        foreach (var facts in await session.WithObservationsAsync(run, ct)) yield return facts;
    }

    const int RunLength = 1_000;

    /// <summary>
    /// The rows streamed in id order, each with its observations, from every observation document streamed in
    /// commitment order beside them on a session of its own and merged: two queries for the whole ledger, where reading
    /// by id lists took one per run of rows. Observations of commitments not among the rows are passed over.
    /// </summary>
    public static async IAsyncEnumerable<CommitmentFacts> FactsWithEveryObservationAsync(
        this IQuerySession session, IQueryable<TrackedCommitment> rows, [EnumeratorCancellation] CancellationToken ct)
    {
        await using var own = session.DocumentStore.QuerySession();
        await using var observations = own.Query<TrackedObservation>().OrderBy(o => o.CommitmentId)
            .ToAsyncEnumerable(ct).GetAsyncEnumerator(ct);
        var more = await observations.MoveNextAsync();
        await foreach (var row in rows.OrderBy(r => r.Id).ToAsyncEnumerable(ct))
        {
            while (more && InDatabaseOrder(observations.Current.CommitmentId, row.Id) < 0)
                more = await observations.MoveNextAsync();
            var found = new List<TrackedObservation>();
            for (; more && observations.Current.CommitmentId == row.Id; more = await observations.MoveNextAsync())
                found.Add(observations.Current);
            // As the id-list read: a row that has counted none yet (its projection behind) is taken as it stands.
            yield return found.Count == 0 || row.ObservationsRecorded == 0 ? row.Facts
                : row.Facts with { Observations = [.. InRecordedOrder(found).Select(o => o.Recorded)] };
        }
    }

    /// <summary>PostgreSQL orders uuids by their big-endian bytes, unlike <see cref="Guid.CompareTo(Guid)"/>.</summary>
    static int InDatabaseOrder(Guid a, Guid b)
    {
        Span<byte> x = stackalloc byte[16], y = stackalloc byte[16];
        a.TryWriteBytes(x, bigEndian: true, out _);
        b.TryWriteBytes(y, bigEndian: true, out _);
        return x.SequenceCompareTo(y);
    }

    static IEnumerable<TrackedObservation> InRecordedOrder(IEnumerable<TrackedObservation> observations) =>
        observations.OrderBy(o => o.Recorded.RecordedAt).ThenBy(o => o.Id);

    /// <summary>
    /// The given commitments' facts with their observations, in the order they were recorded (one query per 1,000
    /// commitments, on a session of its own, so the caller may still be streaming the rows off its own).
    /// </summary>
    public static Task<IReadOnlyList<CommitmentFacts>> WithObservationsAsync(
        this IQuerySession session, IReadOnlyList<CommitmentFacts> facts, CancellationToken ct) =>
        session.WithObservationsAsync(facts, facts.Select(f => f.Id), ct);

    static async Task<IReadOnlyList<CommitmentFacts>> WithObservationsAsync(
        this IQuerySession session, IReadOnlyList<CommitmentFacts> facts, IEnumerable<Guid> observed, CancellationToken ct)
    {
        var observedIds = observed.ToList();
        if (observedIds.Count == 0) return facts;
        await using var own = session.DocumentStore.QuerySession();
        var found = new List<TrackedObservation>();
        foreach (var ids in observedIds.Chunk(RunLength))
            found.AddRange(await own.Query<TrackedObservation>().Where(o => o.CommitmentId.IsOneOf(ids)).ToListAsync(ct));
        return WithObservations(facts, found);
    }

    static IReadOnlyList<CommitmentFacts> WithObservations(
        IReadOnlyList<CommitmentFacts> facts, IEnumerable<TrackedObservation> found)
    {
        var observations = InRecordedOrder(found).ToLookup(o => o.CommitmentId, o => o.Recorded);
        return [.. facts.Select(f => observations.Contains(f.Id) ? f with { Observations = [.. observations[f.Id]] } : f)];
    }
}
