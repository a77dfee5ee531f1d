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
using Ledger.Deals;
using Ledger.Measuring;

namespace Ledger.Commitments.Revising;

public sealed record ReviseCommitment(
    TargetInput? Target, DateOnly? DueOn, DateOnly? EffectiveOn, string? Reason, Guid? AmendmentId,
    IReadOnlyList<SourceInput?>? Sources, long? ExpectedVersion);

public sealed record ReviseCommitmentCommand(Guid CommitmentId, ReviseCommitment Request, Caller By) : IWrite;

public static class ReviseCommitmentHandler
{
    public static async Task<Outcome<Appended>> Handle(
        ReviseCommitmentCommand command, [WriteAggregate(Required = false)] IEventStream<Commitment> stream,
        IDocumentSession session, CancellationToken ct)
    {
        if (stream.Aggregate is not { } commitment) return Problems.NotFound("Commitment", command.CommitmentId);
        // The deal is read only to check a cited amendment; its id is the commitment's, not the command's.
        var deal = command.Request.AmendmentId is null ? null : await session.LoadAsync<Deal>(commitment.DealId, ct);
        if (Check(command.Request, commitment, deal) is var problem && problem.Refuses()) return problem;
        var revisionId = Guid.CreateVersion7();
        var version = stream.NextVersion();
        stream.AppendOne(Decide(command.Request, commitment, revisionId));
        return new Appended(revisionId, stream.Id, version, $"/api/commitments/{stream.Id}");
    }

    /// <summary>The rules, given the commitment (and its deal when the revision cites an amendment).</summary>
    public static ProblemDetails Check(ReviseCommitment command, Commitment commitment, Deal? deal)
    {
        if (command.ExpectedVersion is { } expected && expected != commitment.Version)
            return Problems.Conflict(
                $"expectedVersion is {expected} but the commitment is at version {commitment.Version}.", "expectedVersion");
        if (commitment.WithdrawnOn is not null)
            return Problems.Conflict("The commitment has been withdrawn; it can no longer be revised.");

        var errors = new FieldErrors()
            .Required("effectiveOn", command.EffectiveOn)
            .Text("reason", command.Reason, 2000)
            .Sources("sources", command.Sources);
        if (command.Target is null && command.DueOn is null)
            errors.Add("target", "a revision changes the target, the dueOn date, or both");
        if (command.Target is not null)
        {
            errors.Target("target", command.Target);
            if (Units.IsKnown(command.Target.Unit) && Units.Normalise(command.Target.Unit!) != commitment.Unit)
                errors.Add("target.unit", $"must stay '{commitment.Unit}': a commitment is measured in one unit throughout its life");
        }
        if (command.DueOn < commitment.MadeOn)
            errors.Add("dueOn", $"must not be before the commitment was made ({commitment.MadeOn:yyyy-MM-dd})");
        if (command.AmendmentId is { } amendmentId && deal?.Amendments.Any(a => a.Id == amendmentId) != true)
            errors.Add("amendmentId", "is not an amendment of this commitment's deal");
        return errors.ToProblem();
    }

    public static CommitmentRevised Decide(ReviseCommitment command, Commitment commitment, Guid revisionId) => new(
        commitment.Id, revisionId, command.Target?.ToTarget(), command.DueOn, command.EffectiveOn!.Value,
        command.Reason!.Trim(), command.AmendmentId, [.. command.Sources!.Select(s => s!.ToSource())]);
}

public static class ReviseCommitmentEndpoint
{
    [WolverinePost("/api/commitments/{commitmentId}/revisions", OperationId = "reviseCommitment")]
    [Authorize(Policy = Policies.Curator), DeduplicatedWithResponse(DeduplicationScope.User, Required = false)]
    [ProducesResponseType<Created>(StatusCodes.Status201Created)]
    public static Task<IResult> Post(
        ReviseCommitment request, Guid commitmentId, ClaimsPrincipal user, HttpContext http, IMessageBus bus,
        IDocumentSession session) =>
        bus.CreateAsync(new ReviseCommitmentCommand(commitmentId, request, Caller.From(user)!), http, session);
}
