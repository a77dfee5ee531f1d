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

namespace Ledger.Commitments.Making;

public sealed record MakeCommitment(
    string? Promisor, string? Beneficiary, string? Title, string? Category, TargetInput? Target, DateOnly? DueOn,
    bool? Binding, DateOnly? MadeOn, IReadOnlyList<SourceInput?>? Sources);

public sealed record MakeCommitmentCommand(Guid DealId, MakeCommitment Request, Caller By) : IWrite;

public static class MakeCommitmentHandler
{
    public static (Outcome<Appended>, IMartenOp) Handle(
        MakeCommitmentCommand command, [ReadAggregate(Required = false)] Deal? deal, TimeProvider clock)
    {
        if (deal is null) return (Problems.NotFound("Deal", command.DealId), MartenOps.Nothing());
        if (Check(command.Request, deal, clock) is var problem && problem.Refuses()) return (problem, MartenOps.Nothing());
        var commitmentId = Guid.CreateVersion7();
        return (new Appended(commitmentId, commitmentId, 1, $"/api/commitments/{commitmentId}"),
            MartenOps.StartStream<Commitment>(commitmentId, Decide(command.Request, deal, commitmentId)));
    }

    public static ProblemDetails Check(MakeCommitment command, Deal deal, TimeProvider clock)
    {
        var errors = new FieldErrors()
            .Text("promisor", command.Promisor, 200)
            .Text("beneficiary", command.Beneficiary, 200, required: false)
            .Text("title", command.Title, 300)
            .Slug("category", command.Category)
            .Target("target", command.Target)
            .Required("binding", command.Binding)
            .Required("madeOn", command.MadeOn)
            .NotInFuture("madeOn", command.MadeOn, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime))
            .Sources("sources", command.Sources);
        if (!string.IsNullOrWhiteSpace(command.Promisor) && !deal.HasParty(command.Promisor))
            errors.Add("promisor", $"must be one of the deal's parties: {string.Join(", ", deal.Parties.Select(p => p.Name))}");
        if (command.DueOn < command.MadeOn) errors.Add("dueOn", "must not be before madeOn");
        return errors.ToProblem();
    }

    public static CommitmentMade Decide(MakeCommitment command, Deal deal, Guid commitmentId) => new(
        commitmentId,
        deal.Id,
        deal.Parties.First(p => string.Equals(p.Name, command.Promisor!.Trim(), StringComparison.OrdinalIgnoreCase)).Name,
        string.IsNullOrWhiteSpace(command.Beneficiary) ? null : command.Beneficiary.Trim(),
        command.Title!.Trim(),
        command.Category!,
        command.Target!.ToTarget(),
        command.DueOn,
        command.Binding!.Value,
        command.MadeOn!.Value,
        [.. command.Sources!.Select(s => s!.ToSource())]);
}

public static class MakeCommitmentEndpoint
{
    [WolverinePost("/api/deals/{dealId}/commitments", OperationId = "makeCommitment")]
    [Authorize(Policy = Policies.Curator), DeduplicatedWithResponse(DeduplicationScope.User, Required = false)]
    [ProducesResponseType<Created>(StatusCodes.Status201Created)]
    public static Task<IResult> Post(
        MakeCommitment request, Guid dealId, ClaimsPrincipal user, HttpContext http, IMessageBus bus,
        IDocumentSession session) =>
        bus.CreateAsync(new MakeCommitmentCommand(dealId, request, Caller.From(user)!), http, session);
}
