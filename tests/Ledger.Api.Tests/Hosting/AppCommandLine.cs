using System.Diagnostics;

namespace Ledger.Api.Tests.Hosting;

/// <summary>The app's command line as a user runs it: the built Ledger.Api.dll in a process of its own.</summary>
public static class AppCommandLine
{
    /// <summary>Runs the command, with the connection string (when given) in the environment; its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string? connectionString, params string[] args)
    {
        // The SDK names the dotnet it runs under; a plain "dotnet" from PATH otherwise.
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Ledger.Api.dll"));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        // Settings by environment variable: they reach the host however the command line is parsed.
        if (connectionString is not null) start.Environment["ConnectionStrings__Ledger"] = connectionString;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        start.Environment["Logging__LogLevel__Default"] = "Warning";

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"`{string.Join(' ', args)}` did not finish in 2 minutes: {await output}{await error}");
        }
        return (process.ExitCode, await output + await error);
    }
}
