using Npgsql;

namespace Ledger.Benchmarks;

/// <summary>
/// Samples every async projection's progress (Marten's mt_event_progression: the last event sequence each has applied
/// and committed) every ≈ 20 ms, so that an acknowledged observation's lag is the time from its 201 to the first sample
/// in which the projection had passed its receipt's sequence. Resolution: the sampling period plus one query.
/// </summary>
public sealed class DaemonProgress : IAsyncDisposable
{
    readonly List<(DateTime At, Dictionary<string, long> Applied)> _samples = [];
    readonly CancellationTokenSource _stop = new();
    readonly Task _sampling;

    public DaemonProgress(string connectionString) => _sampling = SampleAsync(connectionString);

    async Task SampleAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT name, last_seq_id FROM mt_event_progression WHERE name LIKE '%:%'", connection); // shards, not the marks
        while (!_stop.IsCancellationRequested)
        {
            var applied = new Dictionary<string, long>();
            await using (var rows = await command.ExecuteReaderAsync())
                while (await rows.ReadAsync()) applied[rows.GetString(0)] = rows.GetInt64(1);
            lock (_samples) _samples.Add((DateTime.UtcNow, applied));
            try { await Task.Delay(20, _stop.Token); } catch (OperationCanceledException) { }
        }
    }

    /// <summary>Waits until every projection has applied <paramref name="sequence"/>; false when it has not in time.</summary>
    public async Task<bool> WaitForAsync(long sequence, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < until)
        {
            lock (_samples)
                if (_samples.Count > 0 && _samples[^1].Applied.Count > 0 && _samples[^1].Applied.Values.All(s => s >= sequence)) return true;
            await Task.Delay(50);
        }
        return false;
    }

    /// <summary>Per projection, the lag in ms of each acknowledgement (when, the sequence of its event), sorted.</summary>
    public Dictionary<string, List<double>> Lags(IReadOnlyList<(DateTime Acked, long Sequence)> acks)
    {
        List<(DateTime At, Dictionary<string, long> Applied)> samples;
        lock (_samples) samples = [.. _samples];
        var lags = new Dictionary<string, List<double>>();
        foreach (var name in samples.SelectMany(s => s.Applied.Keys).Distinct())
        {
            var seen = samples.Select(s => (s.At, Applied: s.Applied.GetValueOrDefault(name))).ToList();
            var mine = lags[name] = [];
            foreach (var (acked, sequence) in acks)
            {
                // Progress only grows: the first sample at or past the sequence, by binary search.
                int lo = 0, hi = seen.Count;
                while (lo < hi) { var mid = (lo + hi) / 2; if (seen[mid].Applied >= sequence) hi = mid; else lo = mid + 1; }
                mine.Add(lo == seen.Count ? double.PositiveInfinity : Math.Max(0, (seen[lo].At - acked).TotalMilliseconds));
            }
            mine.Sort();
        }
        return lags;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _sampling;
        _stop.Dispose();
    }
}
