using Ledger.Infrastructure.Auth;
using Ledger.Infrastructure.Http;
using Ledger.Infrastructure.Validation;
using Marten;
using JasperFx.Events;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Ledger.Transparency.Receipts;

namespace Ledger.Observations.Moderating;

public enum ModerationDecision { Accepted, Rejected }

public sealed record ModerateObservation(ModerationDecision? Decision, string? Reason);

public sealed record ObservationModerated(Guid Id, ModerationStatus Status, long Version, Receipt Receipt);

public static class ModerateObservationEndpoint
{
    public static Task<IEventStream<Observation>> LoadAsync(Guid observationId, IDocumentSession session, CancellationToken ct) =>
        session.Events.FetchForWriting<Observation>(observationId, ct);

    public static ProblemDetails Validate(ModerateObservation command, IEventStream<Observation> stream, Guid observationId) =>
        stream.Aggregate is { } observation ? Check(command, observation) : Problems.NotFound("Observation", observationId);

    /// <summary>The rules, given the observation.</summary>
    public static ProblemDetails Check(ModerateObservation command, Observation observation)
    {
        if (observation.Status != ModerationStatus.Pending)
            return Problems.Conflict($"The observation was already {observation.Status.ToString().ToLowerInvariant()}; a decision is final.");
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

    [WolverinePost("/api/observations/{observationId}/moderation", OperationId = "moderateObservation"), Authorize(Policy = Policies.Curator)]
    [DeduplicatedWithResponse(DeduplicationScope.User, Required = false)]
    public static ObservationModerated Post(ModerateObservation command, IEventStream<Observation> stream, TimeProvider clock)
    {
        var receipt = Receipt.AppendTo(stream, Decide(command, stream.Aggregate!, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime)));
        var status = command.Decision == ModerationDecision.Accepted ? ModerationStatus.Accepted : ModerationStatus.Rejected;
        return new ObservationModerated(stream.Id, status, receipt.Version, receipt);
    }
}
