using System.Security.Claims;
using JasperFx.Events;
using Ledger.Infrastructure.Auth;
using Ledger.Infrastructure.Http;
using Ledger.Infrastructure.Validation;
using Ledger.Infrastructure.Writing;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;
using Ledger.Transparency.Receipts;

namespace Ledger.Observations.Moderating;

public enum ModerationDecision { Accepted, Rejected }

public sealed record ModerateObservation(ModerationDecision? Decision, string? Reason);

public sealed record ObservationModerated(Guid Id, ModerationStatus Status, long Version, Receipt Receipt);

/// <summary>A curator's decision as its handler receives it, from the REST route or the moderation page.</summary>
public sealed record ModerateObservationCommand(Guid ObservationId, ModerateObservation Request, Caller By) : IWrite;

public sealed record ModerationRecorded(Guid StreamId, long Version, ModerationStatus Status) : IAppended;

public static class ModerateObservationHandler
{
    public static Outcome<ModerationRecorded> Handle(
        ModerateObservationCommand command, [WriteAggregate(Required = false)] IEventStream<Observation> stream,
        TimeProvider clock)
    {
        if (stream.Aggregate is not { } observation) return Problems.NotFound("Observation", command.ObservationId);
        if (Check(command.Request, observation) is var problem && problem.Refuses()) return problem;
        var version = stream.NextVersion();
        stream.AppendOne(Decide(command.Request, observation, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime)));
        var status = command.Request.Decision == ModerationDecision.Accepted ? ModerationStatus.Accepted : ModerationStatus.Rejected;
        return new ModerationRecorded(stream.Id, version, status);
    }

    /// <summary>The rules, given the observation.</summary>
    public static ProblemDetails Check(ModerateObservation command, Observation observation)
    {
        if (observation.Status != ModerationStatus.Pending)
            return Problems.Conflict(
                $"The observation was already {observation.Status.ToString().ToLowerInvariant()}; a decision is final.");
        var errors = new FieldErrors().Required("decision", command.Decision);
        errors.Text("reason", command.Reason, 2000, required: command.Decision == ModerationDecision.Rejected);
        return errors.ToProblem();
    }

    public static object Decide(ModerateObservation command, Observation observation, DateOnly today) => command.Decision switch
    {
        ModerationDecision.Accepted => new ObservationAccepted(observation.Id, observation.CommitmentId, today,
            string.IsNullOrWhiteSpace(command.Reason) ? null : command.Reason.Trim()),
        _ => new ObservationRejected(observation.Id, observation.CommitmentId, today, command.Reason!.Trim()),
    };
}

public static class ModerateObservationEndpoint
{
    [WolverinePost("/api/observations/{observationId}/moderation", OperationId = "moderateObservation")]
    [Authorize(Policy = Policies.Curator), DeduplicatedWithResponse(DeduplicationScope.User, Required = false)]
    [ProducesResponseType<ObservationModerated>(StatusCodes.Status200OK)]
    public static async Task<IResult> Post(
        ModerateObservation request, Guid observationId, ClaimsPrincipal user, HttpContext http, IMessageBus bus,
        IDocumentSession session)
    {
        var command = new ModerateObservationCommand(observationId, request, Caller.From(user)!);
        var outcome = await bus.InvokeAsync<ModerationRecorded>(command, http);
        return await outcome.AnswerAsync(session, (moderated, receipt) => TypedResults.Ok(
            new ObservationModerated(moderated.StreamId, moderated.Status, moderated.Version, receipt)), http.RequestAborted);
    }
}
