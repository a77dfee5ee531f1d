using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Ledger.Api.Tests.Hosting;
using Ledger.Importing;
using Ledger.Organizations.Keys;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using Wolverine;

namespace Ledger.Benchmarks;

/// <summary>
/// P2 bulk import: a generated NDJSON file (deals, their commitments, a claim and two observations on each) imported
/// by the import's own code (what <c>-- import FILE</c> and <c>POST /api/imports</c> run), against one Npgsql binary COPY
/// of the very events it appended (read back from mt_events before the clock starts) into a table shaped like mt_events.
/// </summary>
public static class Import
{
    public static async Task RunAsync(int events, bool quick)
    {
        events = quick ? 10_000 : events;
        await using var api = Hosts.NewLedgerApi();
        await api.InitializeAsync();
        Bench.Line($"# {await Bench.PostgresVersionAsync(api.ConnectionString)}");
        var json = api.Services.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        var bus = api.Services.GetRequiredService<IMessageBus>();
        await bus.ImportAsync(Guid.NewGuid(), new StringReader(File(1_000, seed: 7)), Caller.Bootstrap, json); // warm-up

        var file = File(events, seed: 1);
        var importId = Guid.NewGuid();
        var start = await api.ScalarAsync<long>("SELECT coalesce(max(seq_id), 0) FROM mt_events");
        var clock = Stopwatch.StartNew();
        var report = await bus.ImportAsync(importId, new StringReader(file), Caller.Bootstrap, json);
        var seconds = clock.Elapsed.TotalSeconds;
        var rate = report.EventsAppended / seconds;

        var again = Stopwatch.StartNew();
        var rerun = await bus.ImportAsync(importId, new StringReader(file), Caller.Bootstrap, json);
        var rerunSeconds = again.Elapsed.TotalSeconds;

        var (copied, copySeconds) = await CopyAsync(api.ConnectionString, start);
        var copyRate = copied / copySeconds;
        var ratio = rate / copyRate;
        Bench.Line($"P2 import: {report.LinesRead:N0} NDJSON lines ({report.Accepted:N0} accepted, {report.Rejected} rejected), " +
                   $"{Importer.BatchSize:N0} lines per transaction, the routes' own rules, inline snapshots, async daemon running");
        Bench.Line($"  import {report.EventsAppended:N0} events in {seconds:F1} s = {rate:N0} events/s  |  " +
                   $"yardstick binary COPY of the same {copied:N0} events = {copyRate:N0} rows/s  |  " +
                   $"ratio {ratio:F2}×  goal ≥ 0.3×: {Bench.Verdict(ratio >= 0.3)}");
        Goals.Report("P2 import ratio", $"import, {report.EventsAppended:N0} events", $"{ratio:F2}×", "≥ 0.3×", ratio >= 0.3);
        Bench.Line($"  the same file again (same import id): {rerun.AlreadyImported:N0} lines already imported, " +
                   $"{rerun.Accepted} accepted, in {rerunSeconds:F1} s");
    }

    /// <summary>The events the import appended, as stored, copied again into a table shaped like mt_events: the clock covers the COPY.</summary>
    static async Task<(long Rows, double Seconds)> CopyAsync(string connectionString, long after)
    {
        await Bench.ExecAsync(connectionString, """
            CREATE TABLE bench_import_events (seq_id bigserial PRIMARY KEY, id uuid NOT NULL, stream_id uuid NOT NULL,
              version bigint NOT NULL, data jsonb NOT NULL, type varchar NOT NULL, timestamp timestamptz NOT NULL DEFAULT now(),
              mt_dotnet_type varchar, UNIQUE (stream_id, version))
            """);
        var rows = new List<(Guid Id, Guid Stream, long Version, string Data, string Type, string DotnetType)>();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using (var read = new NpgsqlCommand(
            "SELECT id, stream_id, version, data::text, type, mt_dotnet_type FROM mt_events WHERE seq_id > @after AND type <> 'deadline_passed'",
            connection) { Parameters = { new("after", after) } })
        await using (var reader = await read.ExecuteReaderAsync())
            while (await reader.ReadAsync())
                rows.Add((reader.GetGuid(0), reader.GetGuid(1), reader.GetInt64(2), reader.GetString(3), reader.GetString(4),
                    reader.GetString(5)));
        var clock = Stopwatch.StartNew();
        using (var writer = connection.BeginBinaryImport(
            "COPY bench_import_events (id, stream_id, version, data, type, mt_dotnet_type) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var row in rows)
            {
                writer.StartRow();
                writer.Write(row.Id, NpgsqlDbType.Uuid);
                writer.Write(row.Stream, NpgsqlDbType.Uuid);
                writer.Write(row.Version, NpgsqlDbType.Bigint);
                writer.Write(row.Data, NpgsqlDbType.Jsonb);
                writer.Write(row.Type, NpgsqlDbType.Varchar);
                writer.Write(row.DotnetType, NpgsqlDbType.Varchar);
            }
            writer.Complete();
        }
        return (rows.Count, clock.Elapsed.TotalSeconds);
    }

    /// <summary>About <paramref name="lines"/> lines: per deal, 8 commitments, each with a claim and two observations.</summary>
    public static string File(int lines, int seed)
    {
        var random = new Random(seed);
        var file = new StringBuilder();
        var written = 0;
        for (var d = 0; written < lines; d++)
        {
            var deal = $"deal-{seed}-{d}";
            Line(new
            {
                type = "deal", @ref = deal, title = $"Generated deal {d}", summary = "Roads and power for mining rights.",
                signedOn = "2015-03-01", sources = Sources,
                parties = new object[]
                {
                    new { name = "Democratic Republic of the Congo", kind = "state", country = "CD" },
                    new { name = $"Company {d}", kind = "company", country = "CN" },
                },
            });
            for (var c = 0; c < 8; c++)
            {
                var commitment = $"{deal}-c{c}";
                var target = random.Next(10, 1000);
                Line(new
                {
                    type = "commitment", @ref = commitment, deal, promisor = $"Company {d}",
                    beneficiary = "Democratic Republic of the Congo", title = $"Build section {c}", category = "roads",
                    target = new { amount = target, unit = "km" }, dueOn = "2030-12-31", binding = c % 3 != 0,
                    madeOn = "2015-03-01", sources = Sources,
                });
                Line(new
                {
                    type = "claim", commitment, claimedBy = $"Company {d}", amount = random.Next(0, target),
                    asOf = "2024-06-30", sources = Sources,
                });
                for (var o = 0; o < 2; o++)
                    Line(new
                    {
                        type = "observation", commitment, observedOn = $"2024-0{o + 3}-15",
                        finding = new { assessment = "partially-delivered", amount = random.Next(0, target) },
                        narrative = $"Drove section {c}: {random.Next(0, target)} km paved.", language = "fr",
                        location = new { place = "Kolwezi", lat = -10.7 + random.NextDouble(), lon = 25.4 + random.NextDouble() },
                    });
            }
        }
        return file.ToString();

        void Line(object line)
        {
            file.Append(JsonSerializer.Serialize(line)).Append('\n');
            written++;
        }
    }

    static readonly object[] Sources =
        [new { url = "https://example.org/agreement", publisher = "Example Gazette", publishedOn = "2015-03-02", title = "Agreement" }];
}
