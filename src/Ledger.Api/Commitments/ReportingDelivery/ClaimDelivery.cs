using System.Security.Claims;
using JasperFx.Events;
using Ledger.Infrastructure.Auth;
using Ledger.Infrastructure.Http;
using Ledger.Infrastructure.Validation;
using Ledger.Infrastructure.Writing;
using Ledger.Sourcing;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace Ledger.Commitments.ReportingDelivery;

/// <summary>A claim of delivery: the cumulative amount the claimant says was delivered by <c>asOf</c>, in the commitment's unit.</summary>
public sealed record ClaimDelivery(string? ClaimedBy, decimal? Amount, DateOnly? AsOf, IReadOnlyList<SourceInput?>? Sources);

public sealed record ClaimDeliveryCommand(Guid CommitmentId, ClaimDelivery Request, Caller By) : IWrite;

public static class ClaimDeliveryHandler
{
    public static Outcome<Appended> Handle(
        ClaimDeliveryCommand command, [WriteAggregate(Required = false)] IEventStream<Commitment> stream, TimeProvider clock)
    {
        if (stream.Aggregate is null) return Problems.NotFound("Commitment", command.CommitmentId);
        if (Check(command.Request, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime)) is var problem && problem.Refuses())
            return problem;
        var claimId = Guid.CreateVersion7();
        var version = stream.NextVersion();
        stream.AppendOne(Decide(command.Request, stream.Id, claimId));
        return new Appended(claimId, stream.Id, version, $"/api/commitments/{stream.Id}");
    }

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
}

public static class ClaimDeliveryEndpoint
{
    [WolverinePost("/api/commitments/{commitmentId}/claims", OperationId = "claimDelivery")]
    [Authorize(Policy = Policies.Curator), DeduplicatedWithResponse(DeduplicationScope.User, Required = false)]
    [ProducesResponseType<Created>(StatusCodes.Status201Created)]
    public static Task<IResult> Post(
        ClaimDelivery request, Guid commitmentId, ClaimsPrincipal user, HttpContext http, IMessageBus bus,
        IDocumentSession session) =>
        bus.CreateAsync(new ClaimDeliveryCommand(commitmentId, request, Caller.From(user)!), http, session);
}
