using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;

namespace Ledger.Api.Tests.Hosting;

/// <summary>
/// The API as its own operating-system process (the built Ledger.Api.dll on Kestrel, a free loopback port), for what an
/// in-memory test server cannot show: several nodes sharing one database, a node that dies without warning, and the
/// app's command line (migrations) run as an operator would.
/// </summary>
public sealed class ApiProcess : IAsyncDisposable
{
    readonly Process _process;
    readonly ConcurrentQueue<string> _output = new();
    readonly Stopwatch _sinceStart = new();

    public string Name { get; }
    public Uri BaseAddress { get; }

    ApiProcess(string name, Process process, Uri baseAddress)
    {
        Name = name;
        _process = process;
        BaseAddress = baseAddress;
    }

    /// <summary>
    /// Starts the process; settings are configuration keys (e.g. <c>Ledger:Durability:StaleNodeTimeout</c>) and may override
    /// the defaults (the Testing environment, quiet logs). <paramref name="dll"/>: another build of the app than the one
    /// beside the tests (the benchmarks start the Release build).
    /// </summary>
    public static ApiProcess Start(string name, string connectionString, IReadOnlyDictionary<string, string> settings, string? dll = null)
    {
        var port = FreePort();
        var settingsWithUrl = new Dictionary<string, string> { ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}" };
        foreach (var (key, value) in settings) settingsWithUrl[key] = value;
        var process = new Process { StartInfo = StartInfo(connectionString, settingsWithUrl, [], dll) };
        var api = new ApiProcess(name, process, new Uri($"http://127.0.0.1:{port}"));
        process.OutputDataReceived += (_, line) => api.Keep(line.Data);
        process.ErrorDataReceived += (_, line) => api.Keep(line.Data);
        api._sinceStart.Start();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return api;
    }

    /// <summary>
    /// Runs the app's command line (e.g. <c>db-apply</c>) against the database and waits for it to exit: its exit code
    /// and everything it wrote.
    /// </summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string connectionString, params string[] arguments)
    {
        using var process = new Process
        {
            StartInfo = StartInfo(connectionString, new Dictionary<string, string>(), arguments),
        };
        var output = new ConcurrentQueue<string>();
        process.OutputDataReceived += (_, line) => { if (line.Data is not null) output.Enqueue(line.Data); };
        process.ErrorDataReceived += (_, line) => { if (line.Data is not null) output.Enqueue(line.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException(
                $"`{string.Join(' ', arguments)}` did not exit within a minute:\n{string.Join('\n', output)}");
        }
        process.WaitForExit(); // the last lines of output
        return (process.ExitCode, string.Join('\n', output));
    }

    static ProcessStartInfo StartInfo(
        string connectionString, IReadOnlyDictionary<string, string> settings, string[] arguments, string? dll = null)
    {
        dll ??= Path.Combine(AppContext.BaseDirectory, "Ledger.Api.dll");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Testing",
            ["ConnectionStrings:Ledger"] = connectionString,
            ["Logging:LogLevel:Default"] = "Warning",
            ["Ledger:Observers:SealingKey"] = LedgerApi.SealingKey,
            ["Ledger:RateLimits:Enabled"] = "false",
        };
        foreach (var (key, value) in settings) environment[key] = value;
        foreach (var (key, value) in environment) start.Environment[key.Replace(":", "__")] = value;
        return start;
    }

    public bool HasExited => _process.HasExited;

    /// <summary>The operating system's process id (to read its memory from /proc).</summary>
    public int Id => _process.Id;

    public HttpClient Client(string? key = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (key is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    /// <summary>
    /// Waits for <c>/health</c> to answer 200 and returns the time from <c>Process.Start</c> to that answer; throws with the
    /// process's own output when it exits or never answers.
    /// </summary>
    public async Task<TimeSpan> WaitUntilHealthyAsync(TimeSpan timeout)
    {
        using var client = Client();
        while (_sinceStart.Elapsed < timeout && !_process.HasExited)
        {
            try
            {
                using var response = await client.GetAsync("/health");
                if (response.StatusCode == HttpStatusCode.OK) return _sinceStart.Elapsed;
            }
            catch (HttpRequestException) { /* not listening yet */ }
            catch (TaskCanceledException) { /* a request that outlived the client's timeout on a loaded machine: ask again */ }
            await Task.Delay(20);
        }
        throw new TimeoutException(
            $"{Name} did not become healthy within {timeout}{(_process.HasExited ? $" (exited with {_process.ExitCode})" : "")}:\n{Output}");
    }

    /// <summary>Ends the process at once (SIGKILL): no shutdown hooks, no goodbye to the cluster.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <summary>The last lines the process wrote, for failure messages.</summary>
    public string Output => string.Join('\n', _output.TakeLast(60));

    void Keep(string? line)
    {
        if (line is null) return;
        _output.Enqueue(line);
        while (_output.Count > 400) _output.TryDequeue(out _);
    }

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) await KillAsync();
        _process.Dispose();
    }
}
