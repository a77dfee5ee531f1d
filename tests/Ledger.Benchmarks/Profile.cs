using System.Diagnostics;
using Microsoft.Diagnostics.Tracing.Etlx;

namespace Ledger.Benchmarks;

/// <summary>
/// `external --trace` and `freshness --trace`: a sampled profile of the app process (under the N = 32 load, or the
/// harness itself during a rebuild) (`dotnet-trace`, installed with
/// `dotnet tool install -g dotnet-trace`), kept under /tmp; reported as the methods on the stack of the samples taken
/// while a thread ran managed code (the sampler's "Managed" samples; waiting threads are "External"), by inclusive share.
/// </summary>
public static class Profile
{
    public static async Task<string> Start(int pid, int seconds, string label = "external")
    {
        var tool = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".dotnet", "tools", "dotnet-trace");
        if (!File.Exists(tool)) return "not taken: dotnet-trace is not installed (dotnet tool install -g dotnet-trace)";
        var file = Path.Combine(Path.GetTempPath(), $"ledger-{label}-{DateTime.UtcNow:yyyyMMdd-HHmmss}.nettrace");
        var collect = Process.Start(new ProcessStartInfo(tool, ["collect", "-p", $"{pid}", "--profile", "dotnet-sampled-thread-time",
            "--duration", TimeSpan.FromSeconds(Math.Max(2, seconds - 2)).ToString(@"dd\:hh\:mm\:ss"), "-o", file])
        { RedirectStandardOutput = true, RedirectStandardError = true })!;
        await collect.StandardOutput.ReadToEndAsync();
        await collect.WaitForExitAsync();
        return $"{file}\n{Report(file, top: 40)}";
    }

    /// <summary>Frames that only carry a continuation (async machinery, the thread pool): they sit on every stack.</summary>
    static readonly string[] Plumbing =
    [
        "System.Threading.", "System.Runtime.CompilerServices.", "Polly.", "!?",
    ];

    static string Report(string file, int top)
    {
        using var log = new TraceLog(TraceLog.CreateFromEventPipeDataFile(file, Path.ChangeExtension(file, ".etlx")));
        var inclusive = new Dictionary<string, int>();
        var samples = 0;
        foreach (var sample in log.Events.Where(e => e.ProviderName == "Microsoft-DotNETCore-SampleProfiler"))
        {
            if (sample.PayloadNames.Length == 0 || sample.PayloadValue(0)?.ToString() != "Managed") continue;
            samples++;
            var onStack = new HashSet<string>();
            for (var frame = sample.CallStack(); frame is not null; frame = frame.Caller)
                onStack.Add(string.IsNullOrEmpty(frame.CodeAddress.FullMethodName) ? $"{frame.CodeAddress.ModuleName}!?" : frame.CodeAddress.FullMethodName);
            foreach (var method in onStack) inclusive[method] = inclusive.GetValueOrDefault(method) + 1;
        }
        var lines = inclusive.Where(m => !Plumbing.Any(p => m.Key.StartsWith(p) || m.Key.EndsWith(p)))
            .OrderByDescending(m => m.Value).Take(top)
            .Select(m => $"    {100.0 * m.Value / Math.Max(1, samples),5:F1}%  {m.Key[..Math.Min(130, m.Key.Length)]}");
        return $"  {samples:N0} samples of threads running managed code; inclusive share, async plumbing left out:\n{string.Join('\n', lines)}";
    }
}
