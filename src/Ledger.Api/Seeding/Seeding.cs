using Ledger.Infrastructure.Postgres;
using Marten;

namespace Ledger.Seeding;

public static class Seeding
{
    /// <summary>The loader, and loading the seeds into an empty ledger at start-up unless <c>Ledger:Seed</c> is false.</summary>
    public static IServiceCollection AddSeeding(this IServiceCollection services)
    {
        services.AddSingleton<SeedLoader>();
        services.AddHostedService<SeedOnStartup>();
        return services;
    }

    /// <summary><c>Ledger:Seed</c>; by default on, except in the Testing environment, where each test starts from an empty ledger.</summary>
    public static bool Enabled(IConfiguration configuration, IHostEnvironment environment) =>
        configuration.GetValue<bool?>("Ledger:Seed") ?? !environment.IsEnvironment("Testing");

    /// <summary><c>Ledger:SeedPath</c> (relative to the content root), else <c>seeds/</c> in the repository root, found as the data directory is.</summary>
    public static string PathFor(IConfiguration configuration, IHostEnvironment environment)
    {
        var configured = configuration["Ledger:SeedPath"];
        if (!string.IsNullOrWhiteSpace(configured)) return Path.GetFullPath(configured, environment.ContentRootPath);
        for (var dir = new DirectoryInfo(environment.ContentRootPath); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Ledger.sln"))) return Path.Combine(dir.FullName, "seeds");
        return Path.Combine(environment.ContentRootPath, "seeds");
    }
}

/// <summary>Opens a new ledger on the sourced cases: loads the seeds at start-up when the ledger holds no event yet.</summary>
public sealed class SeedOnStartup(
    SeedLoader loader, IDocumentStore store, IConfiguration configuration, IHostEnvironment environment, ILogger<SeedOnStartup> log)
    : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        if (!Seeding.Enabled(configuration, environment)) return;
        var path = Seeding.PathFor(configuration, environment);
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

/// <summary>
/// <c>seed [path]</c>: loads a seed file or folder with a line per file, then exits (1 when a file was not loaded).
/// The arguments after it (<c>--Ledger:DataDirectory=…</c>) are the host's settings, as for a normal run.
/// </summary>
public sealed record SeedCommand(string? Path)
{
    /// <summary>The command when the arguments start with <c>seed</c>.</summary>
    public static SeedCommand? Parse(string[] args) => args switch
    {
        ["seed", var path, ..] when !path.StartsWith('-') => new SeedCommand(path),
        ["seed", ..] => new SeedCommand((string?)null),
        _ => null,
    };

    public async Task<int> RunAsync(WebApplication app)
    {
        try
        {
            var path = Path is null ? Seeding.PathFor(app.Configuration, app.Environment) : Resolve(Path, app.Environment);
            var store = app.Services.GetRequiredService<IDocumentStore>();
            await new AppendOnlyEvents(store, app.Services.GetRequiredService<LedgerDatabase>()).StartAsync(CancellationToken.None);
            var report = await app.Services.GetRequiredService<SeedLoader>().LoadAsync(path, Console.WriteLine);
            foreach (var error in report.Errors) Console.Error.WriteLine(error);
            if (!report.Ok) Console.Error.WriteLine("Some seed files were not loaded: nothing was appended from them.");
            return report.Ok ? 0 : 1;
        }
        catch (Exception e) when (Unavailable(e) is { } missing)
        {
            Console.Error.WriteLine(missing.Message);
            return 1;
        }
        finally
        {
            await app.DisposeAsync(); // stops the private PostgreSQL cluster, if one was started
        }
    }

    static PostgresUnavailableException? Unavailable(Exception? e) => e switch
    {
        null => null,
        PostgresUnavailableException missing => missing,
        AggregateException all => all.InnerExceptions.Select(Unavailable).FirstOrDefault(m => m is not null),
        _ => Unavailable(e.InnerException),
    };

    /// <summary>
    /// A relative path is taken from the working directory when it is there, else from the repository root:
    /// <c>dotnet run --project src/Ledger.Api</c> starts the app in the project's folder, not where it was typed.
    /// </summary>
    static string Resolve(string path, IHostEnvironment environment)
    {
        var fromWorkingDirectory = System.IO.Path.GetFullPath(path);
        if (System.IO.Path.IsPathRooted(path) || File.Exists(fromWorkingDirectory) || Directory.Exists(fromWorkingDirectory)) return fromWorkingDirectory;
        var seeds = Seeding.PathFor(new ConfigurationBuilder().Build(), environment);
        return System.IO.Path.GetFullPath(path, System.IO.Path.GetDirectoryName(seeds)!);
    }
}
