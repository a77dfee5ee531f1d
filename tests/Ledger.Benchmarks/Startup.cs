using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
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
        var dll = Path.Combine(Hosts.Root, "src", "Ledger.Api", "bin", "Release", "net10.0", "Ledger.Api.dll");
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

        var port = FreePort();
        var url = $"http://127.0.0.1:{port}";
        const string adminKey = "benchmark-bootstrap-admin-key";
        var info = new ProcessStartInfo("dotnet", [dll, "--urls", url])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.Environment["ConnectionStrings__Ledger"] = connection;
        info.Environment["Ledger__BootstrapAdminKey"] = adminKey;
        info.Environment["Ledger__Seed"] = "false";
        info.Environment["Ledger__Transparency__SigningKey"] = LedgerApi.SigningKey;
        info.Environment["Ledger__DataDirectory"] = Path.Combine(Path.GetTempPath(), $"ledger-bench-{Guid.NewGuid():N}");
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["Logging__LogLevel__Default"] = "Warning";

        using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(30) };
        var clock = Stopwatch.StartNew();
        using var app = Process.Start(info)!;
        var log = new System.Text.StringBuilder();
        app.OutputDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        app.ErrorDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        app.BeginOutputReadLine();
        app.BeginErrorReadLine();
        try
        {
            double firstMs;
            while (true)
            {
                if (app.HasExited) throw new InvalidOperationException($"the app exited with {app.ExitCode}: {log}");
                if (clock.Elapsed.TotalSeconds > 60) throw new TimeoutException($"no answer from /health after 60 s: {log}");
                try
                {
                    using var response = await http.GetAsync("/health");
                    if (response.StatusCode == HttpStatusCode.OK) { firstMs = clock.Elapsed.TotalMilliseconds; break; }
                }
                catch (HttpRequestException) { }
                await Task.Delay(20);
            }
            var idle = Rss(app.Id);
            Bench.Line($"P6 start: Process.Start → first 200 from /health {firstMs:N0} ms  |  yardstick `dotnet` running this harness's `help` {floorMs:N0} ms  |  " +
                       $"ratio {floorMs / firstMs:F2}×  |  goal ≤ 3,000 ms: {Bench.Verdict(firstMs <= 3_000)}");

            // A P1-like load: an observer key through the bootstrap admin key, then observations from 8 clients.
            http.DefaultRequestHeaders.Authorization = new("Bearer", adminKey);
            var org = await Json(await http.PostAsJsonAsync("/api/organizations", new { name = "Benchmark observers" }));
            var key = await Json(await http.PostAsJsonAsync($"/api/organizations/{org.GetProperty("id").GetString()}/keys", new { role = "observer" }));
            var deal = await Json(await http.PostAsJsonAsync("/api/deals", Scenarios.Deal()));
            var commitment = await Json(await http.PostAsJsonAsync($"/api/deals/{deal.GetProperty("id").GetString()}/commitments", Scenarios.Commitment()));
            http.DefaultRequestHeaders.Authorization = new("Bearer", key.GetProperty("key").GetString());
            var commitmentId = commitment.GetProperty("id").GetString()!;
            long peak = 0;
            using var sampling = new CancellationTokenSource();
            var sampler = Task.Run(async () => { while (!sampling.IsCancellationRequested) { peak = Math.Max(peak, Rss(app.Id)); await Task.Delay(50); } });
            var load = await Bench.ConcurrentAsync(8, quick ? 500 : 3_000, (_, _) => Ingest.PostAsync(http, commitmentId));
            sampling.Cancel();
            await sampler;
            var after = Rss(app.Id);
            Bench.Line($"P6 memory: server VmRSS idle {idle / 1024.0:N0} MB, peak during {load.Count:N0} observations from 8 clients ({load}) {peak / 1024.0:N0} MB, " +
                       $"after {after / 1024.0:N0} MB  |  goal ≤ 400 MB: {Bench.Verdict(peak / 1024.0 <= 400)}");
        }
        finally
        {
            if (!app.HasExited) { app.Kill(entireProcessTree: true); await app.WaitForExitAsync(); }
        }
    }

    static async Task<JsonElement> Json(HttpResponseMessage response)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {body}");
            return JsonDocument.Parse(body).RootElement.Clone();
        }
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

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
