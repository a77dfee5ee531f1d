using JasperFx.Events.Daemon;
using Ledger.Api.Tests.Hosting;
using Ledger.Commitments;
using Ledger.Deals;
using Ledger.Measuring;
using Ledger.Observations;
using Ledger.Sourcing;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Ledger.Api.Tests.Analytics;

/// <summary>Read models are disposable: rebuilding them from the events reproduces them exactly.</summary>
[Collection(RebuildCollection.Name)]
public sealed class rebuilding_read_models(LedgerApi api)
{
    static readonly string[] Projections = ["Deal", "Commitment", "Observation", "Organization", "ApiKey", "TrackedCommitment"];

    [Fact]
    public async Task a_rebuild_of_every_read_model_over_thousands_of_events_gives_exactly_the_same_documents()
    {
        var appended = await AppendLedgerAsync(deals: 25, commitmentsPerDeal: 16);
        Assert.True(appended >= 2000, $"only {appended} events");
        await UntilTheLedgerIsQuietAsync();
        var events = await api.CountEventsAsync();
        await api.WaitForProjectionsAsync();
        var before = await SnapshotAsync();
        Assert.Equal(400, before["mt_doc_trackedcommitment"].Count);

        var daemon = api.Services.GetRequiredService<IProjectionCoordinator>().DaemonForMainDatabase();
        foreach (var projection in Projections) await daemon.RebuildProjectionAsync(projection, TimeSpan.FromMinutes(2), CancellationToken.None);

        var after = await SnapshotAsync();
        Assert.Equal(events, await api.CountEventsAsync()); // nothing arrived meanwhile, so nothing may differ
        foreach (var (table, documents) in before)
            Assert.True(documents.SequenceEqual(after[table]),
                $"{table} differs after the rebuild: {documents.Except(after[table]).FirstOrDefault()} became {after[table].Except(documents).FirstOrDefault()}");
    }

    /// <summary>
    /// A deterministic synthetic ledger: deals, commitments with revisions and claims, observations accepted or rejected, and
    /// for each past due date the deadline-passed event the ledger would append (so its own checks find nothing to add).
    /// </summary>
    async Task<int> AppendLedgerAsync(int deals, int commitmentsPerDeal)
    {
        var store = api.Services.GetRequiredService<IDocumentStore>();
        var random = new Random(20080422);
        var source = new Source("https://example.org/source", "Example", new DateOnly(2023, 1, 1), null);
        var count = 0;
        for (var d = 0; d < deals; d++)
        {
            await using var session = store.LightweightSession();
            var dealId = Guid.CreateVersion7();
            session.Events.StartStream<Deal>(dealId, new DealRegistered(dealId, $"Deal {d}",
                [new Party("State", PartyKind.State, "CD"), new Party("Builder", PartyKind.Company, "CN")], "Synthetic", new DateOnly(2008, 4, 22), [source]));
            count++;
            for (var c = 0; c < commitmentsPerDeal; c++)
            {
                var id = Guid.CreateVersion7();
                var unit = random.Next(3) switch { 0 => "km", 1 => "USD", _ => "hospitals" };
                var target = random.Next(10, 5000);
                var events = new List<object>
                {
                    new CommitmentMade(id, dealId, "Builder", "State", $"Item {d}.{c}", "roads", new Target(target, unit),
                        new DateOnly(2010 + random.Next(25), 12, 31), random.Next(2) == 0, new DateOnly(2008, 4, 22), [source]),
                };
                for (var r = random.Next(3); r > 0; r--)
                    events.Add(new CommitmentRevised(id, Guid.CreateVersion7(), new Target(random.Next(10, 5000), unit), null,
                        new DateOnly(2009 + random.Next(15), 1, 1), "Renegotiated", null, [source]));
                for (var k = random.Next(4); k > 0; k--)
                    events.Add(new DeliveryClaimed(id, Guid.CreateVersion7(), "Builder", random.Next(0, target), new DateOnly(2012 + random.Next(12), 6, 30), [source]));
                var dueOn = ((CommitmentMade)events[0]).DueOn!.Value;
                if (dueOn < DateOnly.FromDateTime(DateTime.UtcNow)) events.Add(new DeadlinePassed(id, dueOn, target, 0));
                session.Events.StartStream<Commitment>(id, [.. events]);
                count += events.Count;

                for (var o = random.Next(3); o > 0; o--)
                {
                    var observationId = Guid.CreateVersion7();
                    var observedOn = new DateOnly(2015 + random.Next(10), 3, 1);
                    var submitted = new ObservationSubmitted(observationId, id, dealId, observedOn, Guid.Empty, "Observers",
                        new Finding(Assessment.PartiallyDelivered, random.Next(0, target)), "Seen", "fr", null, [],
                        new DateTimeOffset(observedOn.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));
                    object decision = random.Next(3) == 0
                        ? new ObservationRejected(observationId, id, new DateOnly(2025, 1, 1), "Unclear")
                        : new ObservationAccepted(observationId, id, new DateOnly(2025, 1, 1), null);
                    session.Events.StartStream<Observation>(observationId, submitted, decision);
                    count += 2;
                }
            }
            await session.SaveChangesAsync();
        }
        return count;
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
        foreach (var table in new[] { "mt_doc_deal", "mt_doc_commitment", "mt_doc_observation", "mt_doc_trackedcommitment" })
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
