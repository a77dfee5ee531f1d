using JasperFx.CommandLine;
using Ledger.Infrastructure.CommandLine;

namespace Ledger.Seeding;

public sealed class SeedInput : NetCoreInput
{
    [Description("The seed file or folder to load; default: Ledger:SeedPath, else the repository's seeds/")]
    public string? Path { get; set; }
}

/// <summary>
/// <c>seed [path]</c>: loads a seed file or folder with a line per file, then exits (1 when a file was not loaded).
/// JasperFx finds it in the entry assembly, as it finds its own commands. Settings after it
/// (<c>--Ledger:DataDirectory=…</c>) are the host's, as for a normal run: see
/// <see cref="Infrastructure.CommandLine.HostSettings"/>.
/// </summary>
[Description("Load a seed file or folder into the ledger, a line per file; exit code 1 when a file was not loaded",
    Name = "seed")]
public sealed class SeedCommand : JasperFxAsyncCommand<SeedInput>
{
    public SeedCommand()
    {
        Usage("Load the default seeds (Ledger:SeedPath, else seeds/ in the repository)");
        Usage("Load a seed file, or every seed file in a folder").Arguments(x => x.Path!);
    }

    public override Task<bool> Execute(SeedInput input) => CommandHost.RunAsync(input, async services =>
    {
        var environment = services.GetRequiredService<IHostEnvironment>();
        var path = input.Path is null
            ? SeedSettings.PathFor(services.GetRequiredService<IConfiguration>(), environment)
            : Resolve(input.Path, environment);
        var report = await services.GetRequiredService<SeedLoader>().LoadAsync(path, Console.WriteLine);
        foreach (var error in report.Errors) Console.Error.WriteLine(error);
        if (!report.Ok) Console.Error.WriteLine("Some seed files were not loaded: nothing was appended from them.");
        return report.Ok;
    });

    /// <summary>
    /// A relative path is taken from the working directory when it is there, else from the repository root:
    /// <c>dotnet run --project src/Ledger.Api</c> starts the app in the project's folder, not where it was typed.
    /// </summary>
    static string Resolve(string path, IHostEnvironment environment)
    {
        var fromWorkingDirectory = System.IO.Path.GetFullPath(path);
        var there = File.Exists(fromWorkingDirectory) || Directory.Exists(fromWorkingDirectory);
        if (System.IO.Path.IsPathRooted(path) || there) return fromWorkingDirectory;
        var seeds = SeedSettings.PathFor(new ConfigurationBuilder().Build(), environment);
        return System.IO.Path.GetFullPath(path, System.IO.Path.GetDirectoryName(seeds)!);
    }
}
