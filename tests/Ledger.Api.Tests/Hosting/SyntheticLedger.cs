using Ledger.Commitments;
using Ledger.Deals;
using Ledger.Measuring;
using Ledger.Observations;
using Ledger.Sourcing;
using Marten;

namespace Ledger.Api.Tests.Hosting;

public enum Kind { Deal, Commitment, Observation }

public sealed record StreamStart(Kind Kind, Guid Id, object[] Events);

/// <summary>What the generator appended: enough ids to aim reads at.</summary>
public sealed record GeneratedLedger(long Events, List<Guid> Deals, List<Guid> Commitments, List<string> Promisors, double Seconds);

/// <summary>
/// A deterministic synthetic ledger (seeded Random): deals between a state and a company, commitments with revisions and
/// claims, deadline-passed events for past due dates, observations accepted or rejected (about one in three rejected).
/// </summary>
public sealed class Generator(int seed = 20080422)
{
    readonly Random _random = new(seed);
    static readonly Source Source = new("https://example.org/source", "Example", new DateOnly(2023, 1, 1), null);
    public static readonly string[] Promisors = [.. Enumerable.Range(0, 40).Select(i => $"Builder {i}")];
    static readonly string[] Categories = ["roads", "rail", "health", "energy", "schools"];
    int _deal;

    /// <summary>One deal with its commitments and their observations (≈ 60 events on average).</summary>
    public List<StreamStart> NextDeal(int commitments = 12)
    {
        var streams = new List<StreamStart>();
        var dealId = Guid.CreateVersion7();
        var promisor = Promisors[_random.Next(Promisors.Length)];
        streams.Add(new StreamStart(Kind.Deal, dealId, [new DealRegistered(dealId, $"Deal {_deal++}",
            [new Party("State", PartyKind.State, "CD"), new Party(promisor, PartyKind.Company, "CN")], "Synthetic", new DateOnly(2008, 4, 22), [Source])]));
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        for (var c = 0; c < commitments; c++)
        {
            var id = Guid.CreateVersion7();
            var unit = _random.Next(3) switch { 0 => "km", 1 => "USD", _ => "hospitals" };
            var target = _random.Next(10, 5000);
            var dueOn = new DateOnly(2010 + _random.Next(25), 12, 31);
            var events = new List<object>
            {
                new CommitmentMade(id, dealId, promisor, "State", $"Item {_deal}.{c}", Categories[_random.Next(Categories.Length)],
                    new Target(target, unit), dueOn, _random.Next(2) == 0, new DateOnly(2008, 4, 22), [Source]),
            };
            for (var r = _random.Next(3); r > 0; r--)
                events.Add(new CommitmentRevised(id, Guid.CreateVersion7(), new Target(_random.Next(10, 5000), unit), null,
                    new DateOnly(2009 + _random.Next(15), 1, 1), "Renegotiated", null, [Source]));
            for (var k = _random.Next(4); k > 0; k--)
                events.Add(new DeliveryClaimed(
                    id, Guid.CreateVersion7(), promisor, _random.Next(0, target), new DateOnly(2012 + _random.Next(12), 6, 30), [Source]));
            if (dueOn < today) events.Add(new DeadlinePassed(id, dueOn, target, 0));
            streams.Add(new StreamStart(Kind.Commitment, id, [.. events]));

            for (var o = _random.Next(3); o > 0; o--)
            {
                var observationId = Guid.CreateVersion7();
                var observedOn = new DateOnly(2015 + _random.Next(10), 3, 1);
                var submitted = new ObservationSubmitted(observationId, id, dealId, observedOn, Guid.Empty, "Observers",
                    new Finding(Assessment.PartiallyDelivered, _random.Next(0, target)), "Seen", "fr", null, [],
                    new DateTimeOffset(observedOn.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));
                object decision = _random.Next(3) == 0
                    ? new ObservationRejected(observationId, id, new DateOnly(2025, 1, 1), "Unclear")
                    : new ObservationAccepted(observationId, id, new DateOnly(2025, 1, 1), null);
                streams.Add(new StreamStart(Kind.Observation, observationId, [submitted, decision]));
            }
        }
        return streams;
    }

    /// <summary>Appends <paramref name="deals"/> whole deals of <paramref name="commitmentsPerDeal"/> commitments, a Marten session per deal.</summary>
    public async Task<long> AppendDealsAsync(IDocumentStore store, int deals, int commitmentsPerDeal)
    {
        long appended = 0;
        for (var d = 0; d < deals; d++)
        {
            await using var session = store.LightweightSession();
            foreach (var stream in NextDeal(commitmentsPerDeal)) appended += Start(session, stream);
            await session.SaveChangesAsync();
        }
        return appended;
    }

    static int Start(IDocumentSession session, StreamStart stream)
    {
        _ = stream.Kind switch
        {
            Kind.Deal => session.Events.StartStream<Deal>(stream.Id, stream.Events),
            Kind.Commitment => session.Events.StartStream<Commitment>(stream.Id, stream.Events),
            _ => session.Events.StartStream<Observation>(stream.Id, stream.Events),
        };
        return stream.Events.Length;
    }

    /// <summary>Appends whole deals until at least <paramref name="events"/> events, about <paramref name="perSession"/> events per Marten session.</summary>
    public async Task<GeneratedLedger> AppendAsync(IDocumentStore store, long events, int perSession = 1_000, Action<long>? progress = null)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var (deals, commitments) = (new List<Guid>(), new List<Guid>());
        long appended = 0, lastReport = 0;
        while (appended < events)
        {
            await using var session = store.LightweightSession();
            var inSession = 0;
            while (inSession < perSession && appended + inSession < events)
            {
                foreach (var stream in NextDeal())
                {
                    if (stream.Kind == Kind.Deal) deals.Add(stream.Id);
                    if (stream.Kind == Kind.Commitment) commitments.Add(stream.Id);
                    inSession += Start(session, stream);
                }
            }
            await session.SaveChangesAsync();
            appended += inSession;
            if (progress is not null && appended - lastReport >= 100_000) { progress(appended); lastReport = appended; }
        }
        return new GeneratedLedger(appended, deals, commitments, [.. Promisors], clock.Elapsed.TotalSeconds);
    }
}
