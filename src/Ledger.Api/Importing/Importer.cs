using System.Text.Json;
using Ledger.Infrastructure.Writing;
using Ledger.Organizations.Keys;
using Wolverine;

namespace Ledger.Importing;

/// <summary>
/// Runs an import: reads its lines in order (<see cref="ImportLines"/>) and hands them, <see cref="BatchSize"/> at a
/// time, to <see cref="ImportBatchHandler"/> on the bus; each batch commits on its own, so a run stopped at any point
/// has recorded whole batches only, and running the same import again (same id) skips what they recorded.
/// </summary>
public static class Importer
{
    public const int BatchSize = 1000;

    /// <summary>The id of an import: from who runs it and the key they give it (the file's digest by default), as a write's id.</summary>
    public static Guid IdOf(Caller by, string key) => Writes.IdFrom(by, key, "import");

    public static async Task<ImportReport> ImportAsync(
        this IMessageBus bus, Guid importId, TextReader reader, Caller by, JsonSerializerOptions json,
        Action<ImportReport>? progress = null, CancellationToken ct = default)
    {
        var lines = new ImportLines(importId, json);
        var batch = new List<ImportLine>(BatchSize);
        var unread = new List<RejectedLine>();
        var (number, read, first) = (0, 0, true);
        ImportReport? report = null;
        while (true)
        {
            var text = await reader.ReadLineAsync(ct);
            if (text is not null)
            {
                number++;
                var (line, rejected) = lines.Read(number, text);
                if (line is not null) batch.Add(line);
                if (rejected is not null) unread.Add(rejected);
                if (line is not null || rejected is not null) read++;
                if (batch.Count + unread.Count < BatchSize) continue;
            }
            var command = new ImportBatchCommand(importId, [.. batch], [.. unread], read, first, text is null, by);
            report = (await bus.InvokeAsync<ImportedBatch>(command, ct, TimeSpan.FromMinutes(5))).Report;
            progress?.Invoke(report);
            (batch, unread, read, first) = (new List<ImportLine>(BatchSize), [], 0, false);
            if (text is null) return report;
        }
    }
}
