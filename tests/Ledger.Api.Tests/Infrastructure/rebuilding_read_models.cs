using Ledger.Api.Tests.Hosting;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Ledger.Api.Tests.Infrastructure;

/// <summary>Read models are disposable: rebuilding them from the events reproduces them exactly.</summary>
[Collection(RebuildCollection.Name)]
public sealed class rebuilding_read_models(LedgerApi api)
{
    static readonly string[] Projections = ["Deal", "Commitment", "Observation", "Organization", "ApiKey", "TrackedCommitment", "TrackedObservation"];

    [Fact]
    public async Task a_rebuild_of_every_read_model_over_thousands_of_events_gives_exactly_the_same_documents()
    {
        // Past due dates come with the deadline-passed events the ledger would append, so its own checks add nothing meanwhile.
        var appended = await new Generator().AppendDealsAsync(api.Services.GetRequiredService<IDocumentStore>(), deals: 25, commitmentsPerDeal: 16);
        Assert.True(appended >= 2000, $"only {appended} events");
        await UntilTheLedgerIsQuietAsync();
        var events = await api.CountEventsAsync();
        await api.WaitForProjectionsAsync();
        var before = await SnapshotAsync();
        Assert.Equal(400, before["mt_doc_trackedcommitment"].Count);

        // Wrong documents first (one gone, one altered per table), so that only a real rebuild can give the originals back.
        foreach (var table in before.Keys)
            await api.ExecuteAsync($"DELETE FROM {table} WHERE id = (SELECT id FROM {table} ORDER BY id LIMIT 1); " +
                                   $"UPDATE {table} SET data = data || '{{\"tampered\": true}}' WHERE id = (SELECT id FROM {table} ORDER BY id DESC LIMIT 1)");
        Assert.NotEqual(before["mt_doc_trackedcommitment"], (await SnapshotAsync())["mt_doc_trackedcommitment"]);

        foreach (var projection in Projections) await api.RebuildProjectionAsync(projection);

        var after = await SnapshotAsync();
        Assert.Equal(events, await api.CountEventsAsync()); // nothing arrived meanwhile, so nothing may differ
        foreach (var (table, documents) in before)
            Assert.True(documents.SequenceEqual(after[table]),
                $"{table} differs after the rebuild: {documents.Except(after[table]).FirstOrDefault()} " +
                $"became {after[table].Except(documents).FirstOrDefault()}");

        // The rebuilt projection runs on afterwards: a commitment made now reaches the gaps read model.
        var (_, commitmentId) = await api.DealWithCommitment();
        await api.WaitForProjectionsAsync();
        Assert.Equal(1L, await api.ScalarAsync<long>("SELECT count(*) FROM mt_doc_trackedcommitment WHERE id = @id::uuid", ("id", commitmentId)));
    }

    async Task UntilTheLedgerIsQuietAsync()
    {
        var (last, quietSince, giveUpAt) = (-1L, DateTime.UtcNow, DateTime.UtcNow.AddSeconds(60));
        while (DateTime.UtcNow < giveUpAt)
        {
            var count = await api.CountEventsAsync();
            if (count != last) (last, quietSince) = (count, DateTime.UtcNow);
            else if (DateTime.UtcNow - quietSince > TimeSpan.FromSeconds(3)) return;
            await Task.Delay(250);
        }
    }

    async Task<Dictionary<string, List<string>>> SnapshotAsync()
    {
        var snapshot = new Dictionary<string, List<string>>();
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        foreach (var table in new[]
                 { "mt_doc_deal", "mt_doc_commitment", "mt_doc_observation", "mt_doc_trackedcommitment", "mt_doc_trackedobservation" })
        {
            var rows = new List<string>();
            await using var command = new NpgsqlCommand($"SELECT id::text || ' ' || data::text FROM {table} ORDER BY id", connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync()) rows.Add(reader.GetString(0));
            snapshot[table] = rows;
        }
        return snapshot;
    }
}
