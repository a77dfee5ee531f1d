using Ledger.Infrastructure.Http;
using Ledger.Measuring;
using Ledger.Observations;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Ledger.Commitments.GettingStatus;

public enum DeliveryStatus { NotStarted, InProgress, Overdue, Delivered, Withdrawn }

/// <summary>Promised vs claimed vs independently verified for one commitment, on one day.</summary>
public sealed record CommitmentStatus(
    Guid Id, Guid DealId, string Title, string Promisor, string? Beneficiary, string Category, string Unit, bool Binding,
    decimal Target, decimal OriginalTarget, decimal Claimed, decimal Verified, decimal Gap, DateOnly? DueOn, DateOnly? OriginalDueOn,
    DeliveryStatus Status, DateOnly AsOf, long Version)
{
    /// <summary>
    /// verified = the amount of the latest (by observedOn) accepted observation that states one; claimed = the latest claim;
    /// gap = max(target − verified, 0). Status: withdrawn; else delivered when verified ≥ target; else overdue when dueOn
    /// has passed; else in-progress when anything is claimed or verified; else not-started.
    /// </summary>
    public static CommitmentStatus Of(Commitment commitment, IEnumerable<Observation> observations, DateOnly today)
    {
        var target = commitment.TargetOn(today).Amount;
        var dueOn = commitment.DueOnAsOf(today);
        var claimed = commitment.LatestClaimOn(today)?.Amount ?? 0m;
        var verified = observations
            .Where(o => o.Status == ModerationStatus.Accepted && o.Finding.Amount is not null && o.ObservedOn <= today)
            .OrderBy(o => o.ObservedOn).ThenBy(o => o.SubmittedAt)
            .LastOrDefault()?.Finding.Amount ?? 0m;

        var status = commitment.WithdrawnOn is not null ? DeliveryStatus.Withdrawn
            : verified >= target ? DeliveryStatus.Delivered
            : dueOn < today ? DeliveryStatus.Overdue
            : claimed > 0 || verified > 0 ? DeliveryStatus.InProgress
            : DeliveryStatus.NotStarted;

        return new CommitmentStatus(commitment.Id, commitment.DealId, commitment.Title, commitment.Promisor, commitment.Beneficiary,
            commitment.Category, commitment.Unit, commitment.Binding, target, commitment.OriginalTarget.Amount, claimed, verified,
            Math.Max(target - verified, 0m), dueOn, commitment.OriginalDueOn, status, today, commitment.Version);
    }
}

public static class GetCommitmentStatusEndpoint
{
    public static Task<Commitment?> LoadAsync(Guid commitmentId, IQuerySession session, CancellationToken ct) =>
        session.LoadAsync<Commitment>(commitmentId, ct);

    public static ProblemDetails Validate(Commitment? commitment, Guid commitmentId) =>
        commitment is null ? Problems.NotFound("Commitment", commitmentId) : WolverineContinue.NoProblems;

    [WolverineGet("/api/commitments/{commitmentId}", OperationId = "getCommitmentStatus")]
    public static async Task<CommitmentStatus> Get(Commitment commitment, IQuerySession session, TimeProvider clock, CancellationToken ct)
    {
        var accepted = await session.Query<Observation>()
            .Where(o => o.CommitmentId == commitment.Id && o.Status == ModerationStatus.Accepted)
            .ToListAsync(ct);
        return CommitmentStatus.Of(commitment, accepted, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
    }
}
