using System.Security.Claims;
using JasperFx.Events;
using Ledger.Deals;
using Ledger.Infrastructure;
using Ledger.Infrastructure.Http;
using Ledger.Infrastructure.OpenApi;
using Ledger.Infrastructure.Validation;
using Ledger.Infrastructure.Writing;
using Ledger.Observations.Sealing;
using Ledger.Organizations.Keys;
using Ledger.Sourcing;
using Ledger.Transparency.Receipts;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;
using Wolverine.Persistence;

namespace Ledger.Observations.Moderating;

public enum ModerationDecision { Accepted, Rejected }

/// <summary>
/// A curator's decision. <c>publicNarrative</c>, on an acceptance, is the narrative the public reads instead of the
/// one submitted (redacted of what could identify or reach someone); it is sealed with the observation's details.
/// </summary>
public sealed record ModerateObservation(ModerationDecision? Decision, string? Reason, string? PublicNarrative = null)
{
    /// <summary>The request read once into what its decision takes, or every field that is wrong with it.</summary>
    public (Moderation? Moderation, FieldErrors Errors) Parse()
    {
        var errors = new FieldErrors().Required("decision", Decision);
        errors.Text("reason", Reason, 2000, required: Decision == ModerationDecision.Rejected);
        if (PublicNarrative is not null)
        {
            if (Decision == ModerationDecision.Rejected) errors.Add("publicNarrative", "is published only with an acceptance");
            else errors.Text("publicNarrative", PublicNarrative, 10000);
        }
        return (errors.Any ? null : new Moderation(Decision!.Value, OptionalText.Of(Reason), OptionalText.Of(PublicNarrative)), errors);
    }
}

/// <summary>A curator's decision as read from its request; a rejection always has its reason.</summary>
public sealed record Moderation(ModerationDecision Decision, string? Reason, string? PublicNarrative = null);

public sealed record ObservationModerated(Guid Id, ModerationStatus Status, long Version, Receipt Receipt);

/// <summary>A curator's decision as its handler receives it, from the REST route, the moderation page or the seeds.</summary>
public sealed record ModerateObservationCommand(Guid ObservationId, ModerateObservation Request, Caller By) : IWrite;

public sealed record ModerationRecorded(Guid StreamId, long Version, ModerationStatus Status) : IAppended;

public static class ModerateObservationHandler
{
    public static async Task<Outcome<ModerationRecorded>> Handle(
        ModerateObservationCommand command, [WriteAggregate(Required = false)] IEventStream<Observation> stream,
        [Entity("ObservationId", Required = false)] ObservationKey? key, ObservationSealing sealing,
        IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        if (stream.Aggregate is not { } observation) return Problems.NotFound("Observation", command.ObservationId);
        var curators = await session.CuratorsOfAsync(observation.DealId, ct);
        if (MayModerate(observation, curators, command.By) is var refused && refused.Refuses()) return refused;
        if (Check(observation) is var conflict && conflict.Refuses()) return conflict;
        var (moderation, errors) = command.Request.Parse();
        if (moderation is { PublicNarrative: not null } && key is null)
            errors.Add("publicNarrative", "cannot be sealed: the observation's details were erased, or were never sealed");
        if (moderation is null || errors.Any) return errors.ToProblem();
        var version = stream.NextVersion();
        var published = moderation.PublicNarrative is { } text ? sealing.SealText(key!, text) : null;
        stream.AppendOne(Decide(moderation, observation, clock.Today(), published));
        var status = moderation.Decision == ModerationDecision.Accepted ? ModerationStatus.Accepted : ModerationStatus.Rejected;
        return new ModerationRecorded(stream.Id, version, status);
    }

    /// <summary>
    /// Only the deal's curators and admins moderate: 404 for a caller who may not even know the observation exists, 403
    /// for one who may see it (it is their organization's, or public) but not decide on it.
    /// </summary>
    public static ProblemDetails MayModerate(Observation observation, DealCurators? curators, Caller by) =>
        ObserverPrivacy.MayModerate(by, curators) ? WolverineContinue.NoProblems
        : ObserverPrivacy.MaySee(observation.Status, observation.OrganizationId, mayModerate: false, by)
            ? Problems.Forbidden("Not a curator of this deal",
                "Observations on a deal are moderated by the curators of the organization that registered it, of those an "
                + "admin granted it, and by admins.")
            : Problems.NotFound("Observation", observation.Id);

    /// <summary>A decision is final.</summary>
    public static ProblemDetails Check(Observation observation) => observation.Status == ModerationStatus.Pending
        ? WolverineContinue.NoProblems
        : Problems.Conflict(
            $"The observation was already {observation.Status.ToString().ToLowerInvariant()}; a decision is final.");

    /// <param name="publicNarrative">The curator's narrative for the public, as sealed under the observation's key.</param>
    public static object Decide(Moderation moderation, Observation observation, DateOnly today, Sealed? publicNarrative = null) =>
        moderation.Decision switch
    {
        ModerationDecision.Accepted => new ObservationAccepted(observation.Id, observation.CommitmentId, today, moderation.Reason)
        {
            PublicNarrative = publicNarrative,
        },
        _ => new ObservationRejected(observation.Id, observation.CommitmentId, today, moderation.Reason ?? ""),
    };
}

public static class ModerateObservationEndpoint
{
    [Tags(Capability.Observations), EndpointSummary("Accept or reject an observation")]
    [WolverinePost("/api/observations/{observationId}/moderation", OperationId = "moderateObservation")]
    [Authorize(Policy = Policies.Curator), DeduplicatedWithResponse(DeduplicationScope.User, Required = false)]
    [ProducesResponseType<ObservationModerated>(StatusCodes.Status200OK)]
    public static async Task<IResult> Post(
        ModerateObservation request, Guid observationId, ClaimsPrincipal user, HttpContext http, IMessageBus bus,
        IDocumentSession session)
    {
        if (request is null) return await Writes.BodyRequired();
        var command = new ModerateObservationCommand(observationId, request, Caller.From(user)!);
        var outcome = await bus.WriteAsync<ModerationRecorded>(command, http);
        return await outcome.AnswerAsync(session, (moderated, receipt) => TypedResults.Ok(
            new ObservationModerated(moderated.StreamId, moderated.Status, moderated.Version, receipt)), http.RequestAborted);
    }
}
