using JasperFx.Events;
using Ledger.Commitments;
using Ledger.Commitments.Facts;
using Ledger.Commitments.Gaps;
using Ledger.Observations;
using Ledger.UnitTests.Support;
using static Ledger.UnitTests.Support.Recorded;

namespace Ledger.UnitTests.Commitments;

/// <summary>
/// The tracked row followed page by page, as the projection does, against the row folded from every event at once:
/// generated histories (seeded) of submissions dated back or a day ahead, decisions, claims, revisions and deadlines.
/// A page with no decision is followed from the row alone; the others read the observations recorded before them.
/// </summary>
public class following_a_commitment_page_by_page
{
    public static TheoryData<int> Seeds() => [.. Enumerable.Range(1, 300)];

    [Theory, MemberData(nameof(Seeds))]
    public void every_page_leaves_the_row_a_fold_of_every_event_gives(int seed)
    {
        var random = new Random(seed);
        var log = History(random);
        var projection = new TrackedCommitmentProjection();

        TrackedCommitment? row = null;
        var done = 0;
        foreach (var page in Pages(random, log.Events.Count))
        {
            // Now and then the row is one written before rows kept what a page without its observations needs.
            if (row is not null && random.Next(10) == 0) row = Unkept(row);
            row = Apply(projection, row, [.. log.Events.Skip(done).Take(page)], log.Events.Take(done));
            done += page;
            Assert.Equal(Json(TrackedCommitment.From(CommitmentFacts.FoldAll(log.Events.Take(done))!)), Json(row!));
        }
    }

    [Fact]
    public void every_page_without_a_decision_is_followed_from_the_row_alone()
    {
        var alone = 0;
        foreach (var seed in Enumerable.Range(1, 50))
        {
            var random = new Random(seed);
            var log = History(random);
            TrackedCommitment? row = null;
            var done = 0;
            foreach (var page in Pages(random, log.Events.Count))
            {
                IEvent[] events = [.. log.Events.Skip(done).Take(page)];
                var next = row?.Then(events);
                Assert.Equal(row is not null && !events.Any(e => TrackedCommitment.IsDecision(e.Data)), next is not null);
                alone += next is null ? 0 : 1;
                row = next ?? Apply(new TrackedCommitmentProjection(), row, events, log.Events.Take(done));
                done += page;
            }
        }

        Assert.True(alone > 100, $"{alone} pages followed from the row alone");
    }

    /// <summary>As the projection's enrichment hands a page over: its events, and the earlier observation events when it reads them.</summary>
    static TrackedCommitment? Apply(TrackedCommitmentProjection projection, TrackedCommitment? row, IEvent[] page, IEnumerable<IEvent> before)
    {
        var refolds = page.Any(e => TrackedCommitment.IsDecision(e.Data)) || row is { RecordedUntil: null };
        IEvent[] events = refolds
            ? [.. page, new Event<References<PriorObservationsFolded>>(new(PriorObservations.Folded)), .. before.Where(IsObservationEvent)]
            : page;
        return projection.DetermineAction(row, Given.CommitmentId, events).Item1;
    }

    static bool IsObservationEvent(IEvent e) => e.Data is ObservationSubmitted || TrackedCommitment.IsDecision(e.Data);

    /// <summary>The row as the previous release wrote it: the figures, without what following it page by page needs.</summary>
    static TrackedCommitment Unkept(TrackedCommitment row)
    {
        row.RecordedUntil = null;
        row.Ahead = [];
        row.AcceptedAhead = [];
        return row;
    }

    static string Json(TrackedCommitment row) => System.Text.Json.JsonSerializer.Serialize(row);

    static IEnumerable<int> Pages(Random random, int events)
    {
        for (var done = 0; done < events;)
        {
            var page = Math.Min(random.Next(1, 8), events - done);
            yield return page;
            done += page;
        }
    }

    static readonly Guid[] Organizations = [RouteWatchId, Guid.Parse("0197a000-0000-7000-8000-000000000011"),
        Guid.Parse("0197a000-0000-7000-8000-000000000012")];

    static EventLog History(Random random)
    {
        var log = new EventLog();
        var at = At(2024, 1, 10);
        log.Record(RoadsMade(dueOn: new DateOnly(2024, 1, 10).AddDays(random.Next(0, 200))), at);
        var pending = new List<ObservationSubmitted>();
        for (var i = random.Next(10, 60); i > 0; i--)
        {
            // Often the same instant (one transaction), often the same day, sometimes days later; UTC late in the day.
            at = random.Next(3) switch { 0 => at, 1 => at.AddMinutes(random.Next(1, 600)), _ => at.AddDays(random.Next(1, 20)) };
            var day = DateOnly.FromDateTime(at.UtcDateTime);
            switch (random.Next(10))
            {
                case < 5:
                    var observed = Submitted(day.AddDays(random.Next(5) == 0 ? 1 : -random.Next(0, 120)), random.Next(4) == 0 ? null : random.Next(0, 120), at)
                        with { OrganizationId = Organizations[random.Next(Organizations.Length)] };
                    if (observed.Finding.Amount is not null && random.Next(4) == 0)
                        observed = observed with { Finding = observed.Finding with { Assessment = Assessment.Delivered } };
                    log.Record(observed, at);
                    pending.Add(observed);
                    break;
                case < 8 when pending.Count > 0:
                    var decided = pending[random.Next(pending.Count)];
                    pending.Remove(decided);
                    if (random.Next(4) == 0) log.Record(Rejected(decided, day), at);
                    else log.Record(Accepted(decided, day), at);
                    break;
                case 8:
                    log.Record(Given.Claimed(random.Next(0, 100), day.AddDays(-random.Next(0, 30))), at);
                    break;
                default:
                    if (random.Next(2) == 0) log.Record(Given.Revised(day.AddDays(random.Next(-10, 30)), km: random.Next(50, 150)), at);
                    else log.Record(new DeadlinePassed(Given.CommitmentId, day, 100m, 0m), at);
                    break;
            }
        }
        return log;
    }
}
