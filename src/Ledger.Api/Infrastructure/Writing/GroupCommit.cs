using System.Threading.Channels;
using JasperFx.Events;
using Marten;
using Wolverine.Marten;

namespace Ledger.Infrastructure.Writing;

/// <summary>
/// The one writer of the appends that can share a transaction. Handlers load, check and decide concurrently, then hand
/// what they decided here; the writer commits whatever is waiting (up to <see cref="MaxBatch"/> writes) in one Marten
/// transaction, one round trip, and answers each handler only once that transaction has committed. No timer: at low
/// load a write is committed alone as soon as it arrives; under load the writes that queue during one commit share
/// the next. A batch refused by the database is retried write by write, so one bad write fails alone.
/// </summary>
public sealed class GroupCommit : IAsyncDisposable
{
    public const int MaxBatch = 64;

    readonly IDocumentStore store;
    readonly ILogger<GroupCommit> log;
    readonly Channel<Pending> queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    readonly Task writer;

    public GroupCommit(IDocumentStore store, ILogger<GroupCommit> log)
    {
        this.store = store;
        this.log = log;
        writer = Task.Run(WriteAsync);
    }

    /// <summary>How many transactions and writes the writer has committed: the batching shows as writes per commit.</summary>
    public (long Commits, long Writes) Committed => (Interlocked.Read(ref commits), Interlocked.Read(ref writes));

    long commits, writes;
    int waiting;

    /// <summary>Writes queued and not yet taken into a batch.</summary>
    public int Waiting => Volatile.Read(ref waiting);

    /// <summary>
    /// Appends <paramref name="operations"/> (streams started or appended to, documents stored), every event stamped with
    /// the attribution <see cref="EventAttribution"/> gave the handler's own <paramref name="session"/>; returns the
    /// sequence of each event appended, in order, once they are committed.
    /// </summary>
    public Task<IReadOnlyList<long>> AppendAsync(IDocumentSession session, params IMartenOp[] operations)
    {
        var pending = new Pending(operations, session.CorrelationId, EventAttribution.HeadersOf(session));
        Interlocked.Increment(ref waiting);
        return queue.Writer.TryWrite(pending)
            ? pending.Done.Task
            : Task.FromException<IReadOnlyList<long>>(new ObjectDisposedException(nameof(GroupCommit)));
    }

    async Task WriteAsync()
    {
        var batch = new List<Pending>(MaxBatch);
        while (await queue.Reader.WaitToReadAsync())
        {
            while (batch.Count < MaxBatch && queue.Reader.TryRead(out var next)) batch.Add(next);
            Interlocked.Add(ref waiting, -batch.Count);
            await CommitAsync(batch);
            batch.Clear();
        }
    }

    async Task CommitAsync(IReadOnlyList<Pending> batch)
    {
        try
        {
            await using var session = store.LightweightSession();
            foreach (var pending in batch) pending.ApplyTo(session);
            await session.SaveChangesAsync();
            Interlocked.Increment(ref commits);
            Interlocked.Add(ref writes, batch.Count);
            foreach (var pending in batch) pending.Done.TrySetResult([.. pending.Events.Select(e => e.Sequence)]);
        }
        catch (Exception e) when (batch.Count > 1)
        {
            log.LogInformation(e, "A batch of {Count} writes was refused; committing them one by one", batch.Count);
            foreach (var pending in batch) await CommitAsync([pending]);
        }
        catch (Exception e)
        {
            batch[0].Done.TrySetException(e);
        }
    }

    public async ValueTask DisposeAsync()
    {
        queue.Writer.TryComplete();
        await writer;
    }

    sealed record Pending(IMartenOp[] Operations, string? CorrelationId, IReadOnlyList<(string Name, string? Value)> Headers)
    {
        public TaskCompletionSource<IReadOnlyList<long>> Done { get; } =
            new(TaskCreationOptions.RunContinuationsAsynchronously);

        public List<IEvent> Events { get; } = [];

        /// <summary>Queues the write on the batch's session; its events are those no earlier write of the batch stamped.</summary>
        public void ApplyTo(IDocumentSession session)
        {
            Events.Clear();
            foreach (var operation in Operations) operation.Execute(session);
            foreach (var e in session.PendingChanges.Streams().SelectMany(s => s.Events).Where(e => e.CorrelationId is null))
            {
                e.CorrelationId = CorrelationId ?? "";
                foreach (var (name, value) in Headers) e.SetHeader(name, value!);
                Events.Add(e);
            }
        }
    }
}
