using System.Security.Claims;
using JasperFx.Events;
using Ledger.Deals;
using Ledger.Infrastructure.Http;
using Ledger.Infrastructure.OpenApi;
using Ledger.Infrastructure.Validation;
using Ledger.Infrastructure.Writing;
using Ledger.Observations.AttachingEvidence;
using Ledger.Observations.Sealing;
using Ledger.Organizations;
using Ledger.Organizations.Keys;
using Ledger.Transparency.Receipts;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace Ledger.Observations.Erasing;

public sealed record EraseObservation(string? Reason)
{
    public (string? Reason, FieldErrors Errors) Parse()
    {
        var errors = new FieldErrors().Text("reason", Reason, 2000);
        return (errors.Any ? null : Reason!.Trim(), errors);
    }
}

public sealed record ObservationErasure(Guid Id, bool Erased, long Version, Receipt Receipt);

/// <summary>An erasure as its handler receives it; <see cref="By"/> is who erases, recorded with the event.</summary>
public sealed record EraseObservationCommand(Guid ObservationId, EraseObservation Request, Caller By) : IWrite;

public sealed record ErasureRecorded(Guid StreamId, long Version) : IAppended;

public static class EraseObservationHandler
{
    /// <summary>
    /// Appends the erasure and deletes the observation's data key in one transaction: from then on its sealed details
    /// cannot be opened, in the event store, in a backup or in any copy. The event itself stays, so do the log's proofs.
    /// </summary>
    public static async Task<(Outcome<ErasureRecorded>, IMartenOp Key, IMartenOp Files)> Handle(
        EraseObservationCommand command, [WriteAggregate(Required = false)] IEventStream<Observation> stream,
        IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var nothing = MartenOps.Nothing();
        // Whoever may not know of the observation is told what they would be told of no observation at all.
        if (stream.Aggregate is not { } observation
            || !ObserverPrivacy.MaySee(observation.Status, observation.OrganizationId,
                ObserverPrivacy.MayModerate(command.By, await session.CuratorsOfAsync(observation.DealId, ct)), command.By))
            return (Problems.NotFound("Observation", command.ObservationId), nothing, nothing);
        if (Check(observation, command.By) is var refusal && refusal.Refuses()) return (refusal, nothing, nothing);
        var (reason, errors) = command.Request.Parse();
        if (reason is null) return (errors.ToProblem(), nothing, nothing);
        var version = stream.NextVersion();
        stream.AppendOne(Decide(observation, reason, clock.GetUtcNow()));
        // The files it names that its organization uploaded go too, original and public copy alike.
        var named = observation.Evidence.Select(e => e.Sha256).ToArray();
        var organization = observation.OrganizationId;
        return (new ErasureRecorded(stream.Id, version), MartenOps.Delete<ObservationKey>(observation.Id),
            MartenOps.DeleteWhere<EvidenceFile>(f => f.Id.IsOneOf(named) && f.OrganizationId == organization));
    }

    /// <summary>An admin, or a curator of the organization that submitted it, erases; once.</summary>
    public static ProblemDetails Check(Observation observation, Caller by) =>
        !MayErase(observation, by)
            ? new ProblemDetails
            {
                Status = StatusCodes.Status403Forbidden, Title = "Not allowed to erase this observation",
                Detail = "Only an admin, or a curator of the organization that submitted it, may erase an observation.",
            }
        : observation.Erased ? Problems.Conflict("The observation's details were already erased.")
        : WolverineContinue.NoProblems;

    public static bool MayErase(Observation observation, Caller by) =>
        by.Role == Role.Admin || (by.Role == Role.Curator && by.OrganizationId == observation.OrganizationId);

    public static ObservationErased Decide(Observation observation, string reason, DateTimeOffset now) =>
        new(observation.Id, observation.CommitmentId, reason, now);
}

public static class EraseObservationEndpoint
{
    [Tags(Capability.Observations), EndpointSummary("Erase an observer's details")]
    [WolverinePost("/api/observations/{observationId}/erasure", OperationId = "eraseObservation")]
    [Authorize(Policy = Policies.Curator), DeduplicatedWithResponse(DeduplicationScope.User, Required = false)]
    [ProducesResponseType<ObservationErasure>(StatusCodes.Status200OK)]
    public static async Task<IResult> Post(
        EraseObservation request, Guid observationId, ClaimsPrincipal user, HttpContext http, IMessageBus bus,
        IDocumentSession session)
    {
        if (request is null) return await Writes.BodyRequired();
        var command = new EraseObservationCommand(observationId, request, Caller.From(user)!);
        var outcome = await bus.WriteAsync<ErasureRecorded>(command, http);
        return await outcome.AnswerAsync(session, (erased, receipt) => TypedResults.Ok(
            new ObservationErasure(erased.StreamId, true, erased.Version, receipt)), http.RequestAborted);
    }
}
