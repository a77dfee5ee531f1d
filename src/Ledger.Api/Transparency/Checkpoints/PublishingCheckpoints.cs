using Ledger.Transparency.Log;
using Ledger.Transparency.Witnessing;

namespace Ledger.Transparency.Checkpoints;

/// <summary>
/// Signs a checkpoint whenever the log has grown, every <c>Ledger:Transparency:CheckpointInterval</c> (2 s by default), and keeps
/// them all. Before signing, it checks that the tree it is about to sign still has the root it signed last time at that size:
/// c2sp.org/tlog-checkpoint forbids signing two inconsistent checkpoints, and a rewritten log table must stop the signing.
/// </summary>
public sealed class PublishingCheckpoints(
    LogStore log, CheckpointSigning signing, RegisteredWitnesses witnesses, TimeProvider clock, IConfiguration configuration,
    ILogger<PublishingCheckpoints> logger)
    : BackgroundService
{
    long? _refusedAt; // the size last refused, so a tampered log is reported once per change, not every interval

    public TimeSpan Interval { get; } =
        configuration.GetValue<TimeSpan?>("Ledger:Transparency:CheckpointInterval") is { } interval && interval > TimeSpan.Zero
            ? interval
            : TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        _ = signing.Signer; // a missing or malformed key stops the app at start-up, not at the first checkpoint
        _ = witnesses.Keys; // and so does a malformed witness key, rather than the first witness's cosignature
        using var timer = new PeriodicTimer(Interval, clock);
        do
        {
            try
            {
                await PublishAsync(stop);
            }
            catch (Exception e) when (!stop.IsCancellationRequested)
            {
                logger.LogError(e, "Publishing a checkpoint failed; retrying in {Interval}", Interval);
            }
        } while (await timer.WaitForNextTickAsync(stop));
    }

    /// <summary>Publishes a checkpoint of the log as it is, unless nothing changed since the last one; returns what was published.</summary>
    public async Task<StoredCheckpoint?> PublishAsync(CancellationToken ct)
    {
        await log.AppendLateArrivalsAsync(ct);
        var latest = await log.LatestCheckpointAsync(ct);
        var (size, root) = await log.HeadAsync(ct);
        if (latest is not null)
        {
            if (size == latest.TreeSize && root.AsSpan().SequenceEqual(latest.RootHash)) return null;
            var before = size < latest.TreeSize ? null : await log.RootAsync(latest.TreeSize, ct);
            if (before is null || !before.AsSpan().SequenceEqual(latest.RootHash))
            {
                if (_refusedAt == size) return null;
                _refusedAt = size;
                logger.LogCritical(
                    "Refusing to sign: the log of {Size} entries does not extend the checkpoint of {Signed} entries signed at {SignedAt}. " +
                    "Its tables were changed outside the ledger", size, latest.TreeSize, latest.SignedAt);
                return null;
            }
        }
        _refusedAt = null;
        var checkpoint = new StoredCheckpoint(size, root, clock.GetUtcNow(), signing.Signer.Sign(CheckpointText.Body(signing.Origin, size, root)));
        await log.SaveCheckpointAsync(checkpoint, ct);
        return checkpoint;
    }
}
