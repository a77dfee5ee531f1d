using System.Security.Claims;
using JasperFx.Events;
using Ledger.Infrastructure;
using Ledger.Infrastructure.Http;
using Ledger.Infrastructure.OpenApi;
using Ledger.Infrastructure.Validation;
using Ledger.Infrastructure.Writing;
using Ledger.Organizations.Keys;
using Ledger.Sourcing;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace Ledger.Commitments.ClaimingDelivery;

/// <summary>A claim of delivery: the cumulative amount the claimant says was delivered by <c>asOf</c>, in the commitment's unit.</summary>
public sealed record ClaimDelivery(string? ClaimedBy, decimal? Amount, DateOnly? AsOf, IReadOnlyList<SourceInput?>? Sources)
{
    /// <summary>The request read once into what its decision takes, or every field that is wrong with it.</summary>
    public (NewClaim? Claim, FieldErrors Errors) Parse(DateOnly today)
    {
        var errors = new FieldErrors()
            .Text("claimedBy", ClaimedBy, 200)
            .Amount("amount", Amount)
            .Required("asOf", AsOf)
            .NotInFuture("asOf", AsOf, today)
            .Sources("sources", Sources);
        return (errors.Any ? null : new NewClaim(ClaimedBy!.Trim(), Amount!.Value, AsOf!.Value, Sources!.ToSources()), errors);
    }
}

/// <summary>A claim as read from its request: complete and non-null.</summary>
public sealed record NewClaim(string ClaimedBy, decimal Amount, DateOnly AsOf, IReadOnlyList<Source> Sources);

public sealed record ClaimDeliveryCommand(Guid CommitmentId, Guid ClaimId, ClaimDelivery Request, Caller By) : IWrite;

public static class ClaimDeliveryHandler
{
    public static Outcome<Appended> Handle(
        ClaimDeliveryCommand command, [WriteAggregate(Required = false)] IEventStream<Commitment> stream, TimeProvider clock)
    {
        var (claimed, problem) = Check(command, stream.Aggregate, clock.Today());
        if (claimed is null) return problem;
        var version = stream.NextVersion();
        stream.AppendOne(claimed);
        return new Appended(command.ClaimId, stream.Id, version, $"/api/commitments/{stream.Id}");
    }

    /// <summary>The commitment (404), then whether this claim is recorded already (409), then the request's fields.</summary>
    public static (DeliveryClaimed? Claimed, ProblemDetails Problem) Check(
        ClaimDeliveryCommand command, Commitment? commitment, DateOnly today)
    {
        if (commitment is null) return (null, Problems.NotFound("Commitment", command.CommitmentId));
        if (commitment.Claims.Any(c => c.Id == command.ClaimId)) return (null, Problems.AlreadyRecorded("claim"));
        var (claim, errors) = command.Request.Parse(today);
        return claim is null ? (null, errors.ToProblem()) : (Decide(command.CommitmentId, command.ClaimId, claim), errors.ToProblem());
    }

    public static DeliveryClaimed Decide(Guid commitmentId, Guid claimId, NewClaim claim) =>
        new(commitmentId, claimId, claim.ClaimedBy, claim.Amount, claim.AsOf, claim.Sources);
}

public static class ClaimDeliveryEndpoint
{
    [Tags(Capability.Commitments), EndpointSummary("Record a claim of delivery")]
    [WolverinePost("/api/commitments/{commitmentId}/claims", OperationId = "claimDelivery")]
    [Authorize(Policy = Policies.Curator), DeduplicatedWithResponse(DeduplicationScope.User, Required = false)]
    [ProducesResponseType<Created>(StatusCodes.Status201Created)]
    public static Task<IResult> Post(
        ClaimDelivery request, Guid commitmentId, ClaimsPrincipal user, HttpContext http, IMessageBus bus,
        IDocumentSession session) =>
        request is null
            ? Writes.BodyRequired()
            : bus.CreateAsync(new ClaimDeliveryCommand(
                commitmentId, Writes.NewId(http, "claim"), request, Caller.From(user)!),
                http, session);
}
