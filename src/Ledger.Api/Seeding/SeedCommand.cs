using Ledger.Infrastructure.Postgres;
using Ledger.LocalPostgres;
using Marten;

namespace Ledger.Seeding;

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
            var path = Path is null ? SeedSettings.PathFor(app.Configuration, app.Environment) : Resolve(Path, app.Environment);
            var store = app.Services.GetRequiredService<IDocumentStore>();
            // No host start-up here: create the schema and the append-only guard as a normal run would.
            await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
            await new AppendOnlyEvents(store, app.Services.GetRequiredService<LedgerDatabase>()).StartAsync(CancellationToken.None);
            var report = await app.Services.GetRequiredService<SeedLoader>().LoadAsync(path, Console.WriteLine);
            foreach (var error in report.Errors) Console.Error.WriteLine(error);
            if (!report.Ok) Console.Error.WriteLine("Some seed files were not loaded: nothing was appended from them.");
            return report.Ok ? 0 : 1;
        }
        catch (Exception e) when (PostgresUnavailableException.FoundIn(e) is { } missing)
        {
            Console.Error.WriteLine(missing.Message);
            return 1;
        }
        finally
        {
            await app.DisposeAsync(); // stops the private PostgreSQL cluster, if one was started
        }
    }

    /// <summary>
    /// A relative path is taken from the working directory when it is there, else from the repository root:
    /// <c>dotnet run --project src/Ledger.Api</c> starts the app in the project's folder, not where it was typed.
    /// </summary>
    static string Resolve(string path, IHostEnvironment environment)
    {
        var fromWorkingDirectory = System.IO.Path.GetFullPath(path);
        if (System.IO.Path.IsPathRooted(path) || File.Exists(fromWorkingDirectory) || Directory.Exists(fromWorkingDirectory)) return fromWorkingDirectory;
        var seeds = SeedSettings.PathFor(new ConfigurationBuilder().Build(), environment);
        return System.IO.Path.GetFullPath(path, System.IO.Path.GetDirectoryName(seeds)!);
    }
}
