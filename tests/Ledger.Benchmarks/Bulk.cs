using System.Diagnostics;
using System.Text.Json;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NpgsqlTypes;

namespace Ledger.Benchmarks;

/// <summary>
/// P2: the bulk path the seed loader takes (Marten lightweight sessions, streams started with their events, ≈ 1,000 events
/// per SaveChanges, the inline snapshots of deals, commitments and observations written in the same transaction) against
/// a binary COPY of the same events (same generator, same seed, serialised to JSON) into a table shaped like mt_events.
/// </summary>
public static class Bulk
{
    public static async Task RunAsync(bool quick)
    {
        var events = quick ? 10_000 : 100_000;
        await using var api = Hosts.NewLedgerApi();
        await api.InitializeAsync();
        Bench.Line($"# {await Bench.PostgresVersionAsync(api.ConnectionString)}");
        var store = api.Services.GetRequiredService<IDocumentStore>();
        await new Generator(1).AppendAsync(store, 1_000); // warm-up

        var marten = await new Generator().AppendAsync(store, events);
        var martenRate = marten.Events / marten.Seconds;

        await Bench.ExecAsync(api.ConnectionString, """
            CREATE TABLE bench_events (seq_id bigserial PRIMARY KEY, id uuid NOT NULL, stream_id uuid NOT NULL, version bigint NOT NULL,
              data jsonb NOT NULL, type varchar NOT NULL, timestamp timestamptz NOT NULL DEFAULT now(), mt_dotnet_type varchar,
              UNIQUE (stream_id, version))
            """);
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        var clock = Stopwatch.StartNew();
        long copied = 0;
        var generator = new Generator();
        await using (var writer = await connection.BeginBinaryImportAsync(
            "COPY bench_events (id, stream_id, version, data, type, mt_dotnet_type) FROM STDIN (FORMAT BINARY)"))
        {
            while (copied < marten.Events)
                foreach (var stream in generator.NextDeal())
                    for (var v = 0; v < stream.Events.Length; v++)
                    {
                        var e = stream.Events[v];
                        await writer.StartRowAsync();
                        await writer.WriteAsync(Guid.CreateVersion7(), NpgsqlDbType.Uuid);
                        await writer.WriteAsync(stream.Id, NpgsqlDbType.Uuid);
                        await writer.WriteAsync((long)v + 1, NpgsqlDbType.Bigint);
                        await writer.WriteAsync(JsonSerializer.Serialize(e, e.GetType()), NpgsqlDbType.Jsonb);
                        await writer.WriteAsync(e.GetType().Name, NpgsqlDbType.Varchar);
                        await writer.WriteAsync(e.GetType().FullName!, NpgsqlDbType.Varchar);
                        copied++;
                    }
            await writer.CompleteAsync();
        }
        var copyRate = copied / clock.Elapsed.TotalSeconds;
        var ratio = martenRate / copyRate;
        Bench.Line("P2 bulk: ≈1,000 events per Marten session (seed loader path, inline snapshots) vs one Npgsql binary COPY of the same events");
        Bench.Line($"  Marten {marten.Events:N0} events in {marten.Seconds:F1} s = {martenRate:N0} events/s  |  yardstick COPY {copied:N0} rows = {copyRate:N0} rows/s  |  " +
                   $"ratio {ratio:F2}×  goal ≥ 0.3×: {Bench.Verdict(ratio >= 0.3)}");
    }
}
