using System.Diagnostics;
using Ledger.Api.Tests.Hosting;
using Marten;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Ledger.Benchmarks;

/// <summary>Latencies of one measured run, with the throughput they add up to.</summary>
public sealed record Sample(int Count, double Seconds, double P50, double P99)
{
    public double PerSecond => Count / Math.Max(Seconds, 1e-9);
    public override string ToString() => $"{PerSecond,9:N0}/s  p50 {P50,7:F2} ms  p99 {P99,7:F2} ms";

    public static Sample Of(List<double> times, double seconds)
    {
        times.Sort();
        return new Sample(times.Count, seconds, Pct(times, 0.50), Pct(times, 0.99));
    }

    public static double Pct(List<double> sorted, double p) => sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)(sorted.Count * p))];
}

public static class Bench
{
    /// <summary>Runs <paramref name="total"/> operations from <paramref name="clients"/> concurrent workers; each worker gets its index.</summary>
    public static async Task<Sample> ConcurrentAsync(int clients, int total, Func<int, int, Task> operation)
    {
        var times = new List<double>[clients];
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async worker =>
        {
            await Task.Yield();
            var mine = times[worker] = [];
            for (int i; (i = Interlocked.Increment(ref next)) < total;)
            {
                var start = Stopwatch.GetTimestamp();
                await operation(worker, i);
                mine.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
        }));
        var seconds = clock.Elapsed.TotalSeconds;
        return Sample.Of([.. times.SelectMany(t => t)], seconds);
    }

    /// <summary>Times a request in sequence, after warm-up.</summary>
    public static async Task<Sample> SequentialAsync(int count, Func<int, Task> operation, int warmUp = 10)
    {
        for (var i = 0; i < warmUp; i++) await operation(i);
        return await ConcurrentAsync(1, count, (_, i) => operation(i));
    }

    public static string Verdict(bool met) => met ? "goal met" : "goal missed";

    public static void Line(string text) => Console.WriteLine(text);

    public static Task ExecAsync(string connectionString, string sql) => Sql.ExecuteAsync(connectionString, sql, timeoutSeconds: 600);

    public static async Task<string> PostgresVersionAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SHOW server_version", connection);
        var version = (string)(await command.ExecuteScalarAsync())!;
        await using var fsync = new NpgsqlCommand("SHOW fsync", connection);
        return $"PostgreSQL {version}, fsync {(string)(await fsync.ExecuteScalarAsync())!}";
    }
}

/// <summary>The real app on Kestrel on a free loopback port: requests cross a real TCP socket, as in production.</summary>
public sealed class KestrelLedgerApi : LedgerApi
{
    public KestrelLedgerApi() => UseKestrel(0);

    public string BaseUrl { get; private set; } = "";

    /// <summary>An experiment, not the product's setting: Marten wakes the daemon by LISTEN/NOTIFY on each append instead of polling alone.</summary>
    public bool ListenNotify { get; set; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseUrls("http://127.0.0.1:0");
        if (ListenNotify) builder.ConfigureServices(services => services.ConfigureMarten(o => o.Events.UseListenNotifyForEventAppends = true));
    }

    protected override void StartHost()
    {
        StartServer();
        BaseUrl = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
    }

    /// <summary>A socket client on the loopback port, with its own connection pool (one per benchmark client count is plenty).</summary>
    public HttpClient Http(string? key = null)
    {
        var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
        { BaseAddress = new Uri(BaseUrl) };
        if (key is not null) client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        return client;
    }
}
