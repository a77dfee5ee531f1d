using JasperFx.Events;
using Ledger.Commitments.Facts;
using Ledger.Commitments.Gaps;
using Ledger.Commitments.Status;
using Ledger.Infrastructure.Writing;
using Ledger.Organizations.Keys;
using Marten;
using Wolverine;

namespace Ledger.Commitments.CheckingDeadlines;

/// <summary>Look, on the day after <see cref="DueOn"/>, whether the commitment was delivered in time.</summary>
public sealed record CheckDeadline(Guid CommitmentId, DateOnly DueOn) : IWrite
{
    /// <summary>The ledger records a deadline passed on its own.</summary>
    public Caller By => Caller.System;

    /// <summary>A commitment is overdue from the day after its due date (UTC).</summary>
    public DateTimeOffset CheckAt => new(DueOn.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
}

/// <summary>
/// Every due date that is made or revised gets a durable check (Marten relays the events to Wolverine, whatever wrote
/// them). A check whose time has passed is sent at once: scheduled, it would wait for Wolverine's poll of scheduled
/// messages, 100 every 5 s, so an import of 160k past due dates took hours to show them overdue.
/// </summary>
public static class DeadlineSchedulingHandler
{
    public static object? Handle(CommitmentMade made, TimeProvider clock) =>
        Schedule(made.CommitmentId, made.DueOn, clock);

    public static object? Handle(CommitmentRevised revised, TimeProvider clock) =>
        Schedule(revised.CommitmentId, revised.DueOn, clock);

    // The check of a due date: at once when its time has passed, else scheduled for it.
    static object? Schedule(Guid commitmentId, DateOnly? dueOn, TimeProvider clock)
    {
        if (dueOn is not { } due) return null;
        var check = new CheckDeadline(commitmentId, due);
        return check.CheckAt <= clock.GetUtcNow() ? check : check.ScheduledAt(check.CheckAt);
    }
}

public static class CheckDeadlineHandler
{
    /// <summary>
    /// Appends <see cref="DeadlinePassed"/> when, on the due date, that due date was the one in force and the commitment had
    /// been neither delivered nor withdrawn; once per due date, whatever the number of checks.
    /// </summary>
    public static DeadlinePassed? Decide(CommitmentFacts facts, CheckDeadline check)
    {
        if (facts.DeadlinesPassed.Any(d => d.DueOn == check.DueOn)) return null;
        var onTheDay = CommitmentStatus.Of(facts, check.DueOn, knownAt: null);
        return onTheDay is { Status: not (DeliveryStatus.Delivered or DeliveryStatus.Withdrawn) } && onTheDay.DueOn == check.DueOn
            ? new DeadlinePassed(facts.Id, check.DueOn, onTheDay.Target, onTheDay.Verified)
            : null;
    }

    public static async Task Handle(CheckDeadline check, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        if (DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime) < check.DueOn.AddDays(1)) return;
        // Fetching for writing makes a concurrent duplicate check lose on the stream version, then retry and find the event.
        var stream = await session.Events.FetchForWriting<Commitment>(check.CommitmentId, ct);
        if (stream.Aggregate is null) return;
        var facts = (await session.ReadCommitmentFactsAsync([check.CommitmentId], ct)).GetValueOrDefault(check.CommitmentId);
        if (facts is null || Decide(facts, check) is not { } passed) return;

        stream.AppendOne(passed);
    }
}
