using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Ledger.Api.Tests.Hosting;

namespace Ledger.Benchmarks;

/// <summary>
/// The external scenario's load generator, a process of its own (this harness re-invoked with the hidden `load`
/// command): N clients POST observations, each with a fresh Idempotency-Key, for a fixed time, and every answer is
/// written to a file (status, latency, when it was acknowledged, the key, the observation's id and its receipt's
/// sequence). It reads the app's CPU time from the app's own counters at the start and the end of the run.
/// </summary>
public static class LoadGenerator
{
    public sealed record Options(
        string Url, string Key, string[] Commitments, int Clients, double Seconds, int AppPid, int DatabasePid, string Out)
    {
        public IEnumerable<string> Arguments() =>
        [
            "load", "--url", Url, "--key", Key, "--commitments", string.Join(',', Commitments),
            "--clients", $"{Clients}", "--seconds", Seconds.ToString(CultureInfo.InvariantCulture), "--app-pid", $"{AppPid}",
            "--db-pid", $"{DatabasePid}", "--out", Out,
        ];

        public static Options Parse(string[] args)
        {
            string Arg(string name) => args.SkipWhile(a => a != name).Skip(1).First();
            return new Options(Arg("--url"), Arg("--key"), Arg("--commitments").Split(','), int.Parse(Arg("--clients")),
                double.Parse(Arg("--seconds"), CultureInfo.InvariantCulture), int.Parse(Arg("--app-pid")), int.Parse(Arg("--db-pid")),
                Arg("--out"));
        }
    }

    /// <summary>One answer; <see cref="Status"/> 0 when the request failed without one (refused, reset, timed out).</summary>
    public sealed record Answer(
        int Status, double Milliseconds, DateTime AckedUtc, string Commitment, string Key, Guid Id, long Sequence)
    {
        public string Line() => string.Join('\t', Status, Milliseconds.ToString("F3", CultureInfo.InvariantCulture),
            AckedUtc.Ticks, Commitment, Key, Id, Sequence);

        public static Answer Parse(string line)
        {
            var f = line.Split('\t');
            return new Answer(int.Parse(f[0]), double.Parse(f[1], CultureInfo.InvariantCulture),
                new DateTime(long.Parse(f[2]), DateTimeKind.Utc), f[3], f[4], Guid.Parse(f[5]), long.Parse(f[6]));
        }
    }

    /// <summary>
    /// What the generator prints on its last line: the run's length, and the CPU time over it of the app, of PostgreSQL
    /// (the postmaster and its children: backends, WAL writer, checkpointer) and of the generator itself.
    /// </summary>
    public sealed record Summary(double Seconds, double AppCpuMs, double DatabaseCpuMs, double GeneratorCpuMs);

    /// <summary>The same body for every request, so that a retry with the same key is the very same request.</summary>
    public static readonly string Body = JsonSerializer.Serialize(Scenarios.Observation());

    public static async Task<int> RunAsync(string[] args)
    {
        var options = Options.Parse(args);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = options.Clients })
        { BaseAddress = new Uri(options.Url), Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.Key);

        var answers = new List<Answer>[options.Clients];
        using var app = Process.GetProcessById(options.AppPid);
        var appCpu = app.TotalProcessorTime;
        var ownCpu = Process.GetCurrentProcess().TotalProcessorTime;
        var databaseCpu = ProcessTreeCpu(options.DatabasePid);
        var clock = Stopwatch.StartNew();
        var deadline = TimeSpan.FromSeconds(options.Seconds);
        await Task.WhenAll(Enumerable.Range(0, options.Clients).Select(async client =>
        {
            await Task.Yield();
            var mine = answers[client] = [];
            for (var i = client; clock.Elapsed < deadline; i += options.Clients)
                mine.Add(await PostAsync(http, options.Commitments[i % options.Commitments.Length]));
        }));
        var seconds = clock.Elapsed.TotalSeconds;
        app.Refresh();
        var summary = new Summary(seconds, (app.TotalProcessorTime - appCpu).TotalMilliseconds,
            (ProcessTreeCpu(options.DatabasePid) - databaseCpu).TotalMilliseconds,
            (Process.GetCurrentProcess().TotalProcessorTime - ownCpu).TotalMilliseconds);
        await File.WriteAllLinesAsync(options.Out, answers.SelectMany(a => a).Select(a => a.Line()));
        Console.WriteLine(JsonSerializer.Serialize(summary));
        return 0;
    }

    /// <summary>
    /// CPU time of a process and its children, from /proc in USER_HZ (100 a second): the live children's own, and the
    /// root's own and its reaped children's (PostgreSQL's backends are children of the postmaster, pgbench's exit).
    /// </summary>
    public static TimeSpan ProcessTreeCpu(int root)
    {
        long ticks = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var f = stat[(stat.LastIndexOf(')') + 2)..].Split(' '); // after the name: state, ppid, … utime at 11
                if (pid == root) ticks += long.Parse(f[11]) + long.Parse(f[12]) + long.Parse(f[13]) + long.Parse(f[14]);
                else if (int.Parse(f[1]) == root) ticks += long.Parse(f[11]) + long.Parse(f[12]);
            }
            catch (IOException) { /* exited meanwhile: its time is now its parent's */ }
        }
        return TimeSpan.FromMilliseconds(ticks * 10);
    }

    public static async Task<Answer> PostAsync(HttpClient http, string commitmentId, string? key = null)
    {
        key ??= Guid.NewGuid().ToString();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/commitments/{commitmentId}/observations")
        {
            Content = new StringContent(Body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Idempotency-Key", key);
        var start = Stopwatch.GetTimestamp();
        try
        {
            using var response = await http.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            var acked = DateTime.UtcNow;
            var ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            if (!response.IsSuccessStatusCode) return new Answer((int)response.StatusCode, ms, acked, commitmentId, key, Guid.Empty, 0);
            var json = JsonDocument.Parse(body).RootElement;
            return new Answer((int)response.StatusCode, ms, acked, commitmentId, key, json.GetProperty("id").GetGuid(),
                json.GetProperty("receipt").GetProperty("sequence").GetInt64());
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            var ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            return new Answer(0, ms, DateTime.UtcNow, commitmentId, key, Guid.Empty, 0);
        }
    }
}
