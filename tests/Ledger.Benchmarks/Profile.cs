using System.Diagnostics;

namespace Ledger.Benchmarks;

/// <summary>
/// `external --trace`: a sampled profile of the app process under the N = 32 load (`dotnet-trace`, installed with
/// `dotnet tool install -g dotnet-trace`), kept under /tmp, and its top methods by inclusive time.
/// </summary>
public static class Profile
{
    public static async Task<string> Start(int pid, int seconds)
    {
        var tool = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".dotnet", "tools", "dotnet-trace");
        if (!File.Exists(tool)) return "not taken: dotnet-trace is not installed (dotnet tool install -g dotnet-trace)";
        var file = Path.Combine(Path.GetTempPath(), $"ledger-external-{DateTime.UtcNow:yyyyMMdd-HHmmss}.nettrace");
        await RunAsync(tool, "collect", "-p", $"{pid}", "--profile", "dotnet-sampled-thread-time",
            "--duration", TimeSpan.FromSeconds(Math.Max(2, seconds - 2)).ToString(@"dd\:hh\:mm\:ss"), "-o", file);
        return $"{file}\n{await RunAsync(tool, "report", file, "topN", "-n", "30", "--inclusive")}";
    }

    static async Task<string> RunAsync(string tool, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(tool, args) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (await output) + (await errors);
    }
}
