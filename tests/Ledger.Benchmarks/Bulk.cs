using System.Diagnostics;
using System.Text.Json;
using Ledger.Api.Tests.Hosting;
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
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

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
        // The rows are generated and serialised before the clock starts: the yardstick is what PostgreSQL can take in.
        var rows = new List<(Guid Stream, long Version, string Data, string Type, string DotnetType)>();
        var generator = new Generator();
        while (rows.Count < marten.Events)
            foreach (var stream in generator.NextDeal())
                for (var v = 0; v < stream.Events.Length; v++)
                {
                    var e = stream.Events[v];
                    rows.Add((stream.Id, v + 1, JsonSerializer.Serialize(e, e.GetType(), Json), e.GetType().Name, e.GetType().FullName!));
                }
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        var clock = Stopwatch.StartNew();
        long copied = 0;
        using (var writer = connection.BeginBinaryImport(
            "COPY bench_events (id, stream_id, version, data, type, mt_dotnet_type) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var row in rows)
            {
                writer.StartRow();
                writer.Write(Guid.CreateVersion7(), NpgsqlDbType.Uuid);
                writer.Write(row.Stream, NpgsqlDbType.Uuid);
                writer.Write(row.Version, NpgsqlDbType.Bigint);
                writer.Write(row.Data, NpgsqlDbType.Jsonb);
                writer.Write(row.Type, NpgsqlDbType.Varchar);
                writer.Write(row.DotnetType, NpgsqlDbType.Varchar);
                copied++;
            }
            writer.Complete();
        }
        var copyRate = copied / clock.Elapsed.TotalSeconds;

        // Where the time goes: the same events through a bare Marten store (Quick append, no inline snapshots, no daemon).
        await using var bare = DocumentStore.For(o =>
        {
            o.Connection(api.ConnectionString);
            o.DatabaseSchemaName = "bench_bare";
            o.Events.AppendMode = JasperFx.Events.EventAppendMode.Quick;
        });
        await new Generator(1).AppendAsync(bare, 1_000);
        var plain = await new Generator().AppendAsync(bare, events);
        var plainRate = plain.Events / plain.Seconds;
        var ratio = martenRate / copyRate;
        Bench.Line("P2 bulk: ≈1,000 events per Marten session (seed loader path, inline snapshots) " +
                   "vs one Npgsql binary COPY of the same events (generated and serialised beforehand)");
        Bench.Line($"  Marten {marten.Events:N0} events in {marten.Seconds:F1} s = {martenRate:N0} events/s  |  " +
                   $"yardstick COPY {copied:N0} rows = {copyRate:N0} rows/s  |  " +
                   $"ratio {ratio:F2}×  goal ≥ 0.3×: {Bench.Verdict(ratio >= 0.3)}");
        Goals.Report("P2 bulk ratio", $"bulk, {marten.Events:N0} events", $"{ratio:F2}×", "≥ 0.3×", ratio >= 0.3);
        Bench.Line($"  (diagnostic) bare Marten store, same events, Quick append, no inline snapshots, no async daemon: {plainRate:N0} events/s = " +
                   $"{plainRate / copyRate:F2}× COPY (compare with the app path above: if close, the cost is Marten's own " +
                   "per-event work, not the app's snapshots or daemon)");
    }
}
