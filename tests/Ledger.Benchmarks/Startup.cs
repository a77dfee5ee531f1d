using System.Diagnostics;
using Ledger.Api.Tests.Hosting;

namespace Ledger.Benchmarks;

/// <summary>
/// P6: the built app (src/Ledger.Api/bin/Release/net10.0/Ledger.Api.dll) started as its own process on a fresh database,
/// timed from Process.Start to the first 200 from /health; then its resident memory (VmRSS) during and after a P1-like load.
/// Yardstick: the same `dotnet` host starting this harness's own dll with `help` (runtime start, no web host).
/// </summary>
public static class Startup
{
    public static async Task RunAsync(bool quick)
    {
        var dll = ReleaseApp.Dll;
        if (!File.Exists(dll)) { Bench.Line($"P6 startup: skipped, {dll} is missing (build with -c Release)"); return; }
        var connection = await TestPostgres.NewDatabaseAsync("startup");
        Bench.Line($"# {await Bench.PostgresVersionAsync(connection)}");

        var floor = Stopwatch.StartNew();
        using (var harness = Process.Start(new ProcessStartInfo("dotnet", [typeof(Startup).Assembly.Location, "help"]) { RedirectStandardOutput = true })!)
        {
            await harness.StandardOutput.ReadToEndAsync();
            await harness.WaitForExitAsync();
        }
        var floorMs = floor.Elapsed.TotalMilliseconds;

        await using var app = ReleaseApp.Start(connection);
        using var http = app.Client();
        var firstMs = (await app.WaitUntilHealthyAsync(TimeSpan.FromSeconds(60))).TotalMilliseconds;
        var idle = Rss(app.Id);
        Bench.Line($"P6 start: Process.Start → first 200 from /health {firstMs:N0} ms  |  " +
                   $"yardstick `dotnet` running this harness's `help` {floorMs:N0} ms  |  " +
                   $"ratio {floorMs / firstMs:F2}×  |  goal ≤ 3,000 ms: {Bench.Verdict(firstMs <= 3_000)}");
        Goals.Report("P6 start", "startup", $"{firstMs:N0} ms", "≤ 3,000 ms", firstMs <= 3_000);

        // A P1-like load: an observer key through the bootstrap admin key, then observations from 8 clients.
        var target = await ReleaseApp.PrepareAsync(http, commitments: 1);
        http.DefaultRequestHeaders.Authorization = new("Bearer", target.ObserverKey);
        var commitmentId = target.Commitments[0];
        long peak = 0;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () => { while (!sampling.IsCancellationRequested) { peak = Math.Max(peak, Rss(app.Id)); await Task.Delay(50); } });
        var load = await Bench.ConcurrentAsync(8, quick ? 500 : 3_000, (_, _) => Ingest.PostAsync(http, commitmentId));
        sampling.Cancel();
        await sampler;
        var after = Rss(app.Id);
        Bench.Line($"P6 memory: server VmRSS idle {idle / 1024.0:N0} MB, " +
                   $"peak during {load.Count:N0} observations from 8 clients ({load}) {peak / 1024.0:N0} MB, " +
                   $"after {after / 1024.0:N0} MB  |  goal ≤ 400 MB: {Bench.Verdict(peak / 1024.0 <= 400)}");
        Goals.Report("P6 RSS peak", "startup", $"{peak / 1024.0:N0} MB", "≤ 400 MB", peak / 1024.0 <= 400);
    }

    /// <summary>VmRSS in kB from /proc/{pid}/status.</summary>
    static long Rss(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:"));
            return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
        }
        catch (IOException) { return 0; }
    }
}
