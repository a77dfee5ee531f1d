using Ledger.Infrastructure.Auth;
using Ledger.Infrastructure.Http;
using Ledger.Infrastructure.Validation;
using Ledger.Sourcing;
using Marten;
using JasperFx.Events;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Ledger.Transparency.Receipts;

namespace Ledger.Commitments.ReportingDelivery;

/// <summary>A claim of delivery: the cumulative amount the claimant says was delivered by <c>asOf</c>, in the commitment's unit.</summary>
public sealed record ClaimDelivery(string? ClaimedBy, decimal? Amount, DateOnly? AsOf, IReadOnlyList<SourceInput?>? Sources);

public static class ClaimDeliveryEndpoint
{
    public static Task<IEventStream<Commitment>> LoadAsync(Guid commitmentId, IDocumentSession session, CancellationToken ct) =>
        session.Events.FetchForWriting<Commitment>(commitmentId, ct);

    public static ProblemDetails Validate(ClaimDelivery command, IEventStream<Commitment> stream, Guid commitmentId, TimeProvider clock) =>
        stream.Aggregate is null
            ? Problems.NotFound("Commitment", commitmentId)
            : Check(command, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));

    /// <summary>The rules, once the commitment is known to exist.</summary>
    public static ProblemDetails Check(ClaimDelivery command, DateOnly today) => new FieldErrors()
        .Text("claimedBy", command.ClaimedBy, 200)
        .Amount("amount", command.Amount)
        .Required("asOf", command.AsOf)
        .NotInFuture("asOf", command.AsOf, today)
        .Sources("sources", command.Sources)
        .ToProblem();

    public static DeliveryClaimed Decide(ClaimDelivery command, Guid commitmentId, Guid claimId) => new(
        commitmentId, claimId, command.ClaimedBy!.Trim(), command.Amount!.Value, command.AsOf!.Value,
        [.. command.Sources!.Select(s => s!.ToSource())]);

    [WolverinePost("/api/commitments/{commitmentId}/claims", OperationId = "claimDelivery"), Authorize(Policy = Policies.Curator)]
    [DeduplicatedWithResponse(DeduplicationScope.User, Required = false)]
    public static Created Post(ClaimDelivery command, IEventStream<Commitment> stream)
    {
        var claimId = Guid.CreateVersion7();
        var receipt = Receipt.AppendTo(stream, Decide(command, stream.Id, claimId));
        return new Created(claimId, receipt.Version, $"/api/commitments/{stream.Id}", receipt);
    }
}
