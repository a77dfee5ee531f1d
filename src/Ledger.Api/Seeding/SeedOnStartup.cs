using Marten;

namespace Ledger.Seeding;

/// <summary>Opens a new ledger on the sourced cases: loads the seeds at start-up when the ledger holds no event yet.</summary>
public sealed class SeedOnStartup(
    SeedLoader loader, IDocumentStore store, IConfiguration configuration, IHostEnvironment environment, ILogger<SeedOnStartup> log)
    : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        if (!SeedSettings.Enabled(configuration, environment)) return;
        var path = SeedSettings.PathFor(configuration, environment);
        if (SeedLoader.FilesAt(path).Count == 0)
        {
            log.LogInformation("No seed files at {Path}: the ledger starts empty", path);
            return;
        }
        await using (var query = store.QuerySession())
        {
            if (await query.Events.QueryAllRawEvents().AnyAsync(ct))
            {
                log.LogInformation("The ledger already holds events: seeds not loaded at start-up (load them with `-- seed`)");
                return;
            }
        }

        var report = await loader.LoadAsync(path, line => log.LogInformation("Seed {Line}", line), ct);
        if (!report.Ok)
            log.LogError("Some seeds were not loaded:{Problems}",
                string.Concat(report.Errors.Concat(report.Files.SelectMany(f => f.Errors)).Select(e => $"{Environment.NewLine}  {e}")));
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
