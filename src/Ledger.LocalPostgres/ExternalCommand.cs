using System.Diagnostics;

namespace Ledger.LocalPostgres;

/// <summary>What a finished program said: its exit code and its output, standard error first.</summary>
public sealed record CommandResult(int ExitCode, string Output)
{
    public bool Succeeded => ExitCode == 0;
}

/// <summary>Runs a program to its end, without a shell, capturing what it prints.</summary>
public static class ExternalCommand
{
    public static async Task<CommandResult> RunAsync(
        string file, IReadOnlyList<string> args, CancellationToken ct)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true,
            UseShellExecute = false, WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}");
        process.StandardInput.Close(); // nothing may wait for an answer on the terminal
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        return new CommandResult(process.ExitCode, $"{(await stderr).Trim()} {(await stdout).Trim()}".Trim());
    }

    /// <summary>Is <paramref name="name"/> an executable file in a directory on PATH?</summary>
    public static bool OnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
        .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
        .Any(dir => File.Exists(Path.Combine(dir, name)));
}
