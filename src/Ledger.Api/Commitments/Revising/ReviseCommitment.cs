using System.Security.Claims;
using JasperFx.Events;
using Ledger.Deals;
using Ledger.Infrastructure;
using Ledger.Infrastructure.Http;
using Ledger.Infrastructure.OpenApi;
using Ledger.Infrastructure.Validation;
using Ledger.Infrastructure.Writing;
using Ledger.Measuring;
using Ledger.Organizations.Keys;
using Ledger.Sourcing;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace Ledger.Commitments.Revising;

public sealed record ReviseCommitment(
    TargetInput? Target, DateOnly? DueOn, DateOnly? EffectiveOn, string? Reason, Guid? AmendmentId,
    IReadOnlyList<SourceInput?>? Sources, long? ExpectedVersion)
{
    /// <summary>The request read once into what its decision takes, or every field that is wrong with it.</summary>
    public (NewRevision? Revision, FieldErrors Errors) Parse(UnitCatalogue? units = null)
    {
        var errors = new FieldErrors()
            .Required("effectiveOn", EffectiveOn)
            .Text("reason", Reason, 2000)
            .Sources("sources", Sources);
        if (Target is null && DueOn is null) errors.Add("target", "a revision changes the target, the dueOn date, or both");
        if (Target is not null) errors.Target("target", Target, units);
        return (errors.Any ? null : new NewRevision(Target?.ToTarget(units), DueOn, EffectiveOn!.Value, Reason!.Trim(), AmendmentId,
            Sources!.ToSources()), errors);
    }
}

/// <summary>A revision as read from its request: complete and non-null, but for what it leaves unchanged.</summary>
public sealed record NewRevision(
    Target? Target, DateOnly? DueOn, DateOnly EffectiveOn, string Reason, Guid? AmendmentId, IReadOnlyList<Source> Sources);

public sealed record ReviseCommitmentCommand(Guid CommitmentId, Guid RevisionId, ReviseCommitment Request, Caller By) : IWrite;

public static class ReviseCommitmentHandler
{
    public static async Task<Outcome<Appended>> Handle(
        ReviseCommitmentCommand command, [WriteAggregate(Required = false)] IEventStream<Commitment> stream,
        IDocumentSession session, CancellationToken ct)
    {
        if (stream.Aggregate is not { } commitment) return Problems.NotFound("Commitment", command.CommitmentId);
        if (commitment.Revisions.Any(r => r.Id == command.RevisionId)) return Problems.AlreadyRecorded("revision");
        // The deal is read only to check a cited amendment; its id is the commitment's, not the command's.
        var deal = command.Request.AmendmentId is null ? null : await session.LoadAsync<Deal>(commitment.DealId, ct);
        var units = command.Request.Target is null ? null : await session.UnitCatalogueAsync(ct);
        var (revision, problem) = Check(command.Request, commitment, deal, units);
        if (revision is null) return problem;
        var version = stream.NextVersion();
        stream.AppendOne(Decide(command.CommitmentId, command.RevisionId, revision));
        return new Appended(command.RevisionId, stream.Id, version, $"/api/commitments/{stream.Id}");
    }

    /// <summary>
    /// The request's fields and the rules that need the commitment (and its deal when the revision cites an amendment),
    /// all named in one answer; a stale expectedVersion or a withdrawn commitment is a conflict before any of them.
    /// </summary>
    public static (NewRevision? Revision, ProblemDetails Problem) Check(
        ReviseCommitment request, Commitment commitment, Deal? deal, UnitCatalogue? units = null)
    {
        if (request.ExpectedVersion is { } expected && expected != commitment.Version)
            return (null, Problems.Conflict(
                $"expectedVersion is {expected} but the commitment is at version {commitment.Version}.", "expectedVersion"));
        if (commitment.WithdrawnOn is not null)
            return (null, Problems.Conflict("The commitment has been withdrawn; it can no longer be revised."));

        units ??= UnitCatalogue.BuiltIn;
        var (revision, errors) = request.Parse(units);
        if (request.Target is { } target && units.IsKnown(target.Unit) && units.Normalise(target.Unit!) != commitment.Unit)
            errors.Add("target.unit", $"must stay '{commitment.Unit}': a commitment is measured in one unit throughout its life");
        if (request.DueOn < commitment.MadeOn)
            errors.Add("dueOn", $"must not be before the commitment was made ({commitment.MadeOn:yyyy-MM-dd})");
        if (request.AmendmentId is { } amendmentId && deal?.Amendments.Any(a => a.Id == amendmentId) != true)
            errors.Add("amendmentId", "is not an amendment of this commitment's deal");
        return (errors.Any ? null : revision, errors.ToProblem());
    }

    public static CommitmentRevised Decide(Guid commitmentId, Guid revisionId, NewRevision revision) => new(
        commitmentId, revisionId, revision.Target, revision.DueOn, revision.EffectiveOn, revision.Reason, revision.AmendmentId,
        revision.Sources);
}

public static class ReviseCommitmentEndpoint
{
    [Tags(Capability.Commitments), EndpointSummary("Revise a commitment's target or due date")]
    [WolverinePost("/api/commitments/{commitmentId}/revisions", OperationId = "reviseCommitment")]
    [Authorize(Policy = Policies.Curator), DeduplicatedWithResponse(DeduplicationScope.User, Required = false)]
    [ProducesResponseType<Created>(StatusCodes.Status201Created)]
    public static Task<IResult> Post(
        ReviseCommitment request, Guid commitmentId, ClaimsPrincipal user, HttpContext http, IMessageBus bus,
        IDocumentSession session) =>
        request is null
            ? Writes.BodyRequired()
            : bus.CreateAsync(new ReviseCommitmentCommand(
                commitmentId, Writes.NewId(http, "revision"), request, Caller.From(user)!),
                http, session);
}
