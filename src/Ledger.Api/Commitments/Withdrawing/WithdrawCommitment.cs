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
using Ledger.Transparency.Receipts;

namespace Ledger.Commitments.Withdrawing;

/// <summary>The promisor (or the parties) abandoned the commitment; it stays on record as withdrawn.</summary>
public sealed record WithdrawCommitment(DateOnly? WithdrawnOn, string? Reason, IReadOnlyList<SourceInput?>? Sources);

public sealed record CommitmentWithdrawal(Guid Id, string Status, long Version, Receipt Receipt);

public sealed record WithdrawCommitmentCommand(Guid CommitmentId, WithdrawCommitment Request, Caller By) : IWrite;

public static class WithdrawCommitmentHandler
{
    public static Outcome<Appended> Handle(
        WithdrawCommitmentCommand command, [WriteAggregate(Required = false)] IEventStream<Commitment> stream)
    {
        if (stream.Aggregate is not { } commitment) return Problems.NotFound("Commitment", command.CommitmentId);
        if (Check(command.Request, commitment) is var problem && problem.Refuses()) return problem;
        var version = stream.NextVersion();
        stream.AppendOne(Decide(command.Request, stream.Id));
        return new Appended(stream.Id, stream.Id, version, $"/api/commitments/{stream.Id}");
    }

    public static ProblemDetails Check(WithdrawCommitment command, Commitment commitment)
    {
        if (commitment.WithdrawnOn is not null)
            return Problems.Conflict($"The commitment was already withdrawn on {commitment.WithdrawnOn:yyyy-MM-dd}.");
        return new FieldErrors()
            .Required("withdrawnOn", command.WithdrawnOn)
            .Text("reason", command.Reason, 2000)
            .Sources("sources", command.Sources)
            .ToProblem();
    }

    public static CommitmentWithdrawn Decide(WithdrawCommitment command, Guid commitmentId) =>
        new(commitmentId, command.WithdrawnOn!.Value, command.Reason!.Trim(), [.. command.Sources!.Select(s => s!.ToSource())]);
}

public static class WithdrawCommitmentEndpoint
{
    [WolverinePost("/api/commitments/{commitmentId}/withdrawal", OperationId = "withdrawCommitment")]
    [Authorize(Policy = Policies.Curator), DeduplicatedWithResponse(DeduplicationScope.User, Required = false)]
    [ProducesResponseType<CommitmentWithdrawal>(StatusCodes.Status200OK)]
    public static async Task<IResult> Post(
        WithdrawCommitment request, Guid commitmentId, ClaimsPrincipal user, HttpContext http, IMessageBus bus,
        IDocumentSession session)
    {
        var outcome = await bus.InvokeAsync<Appended>(new WithdrawCommitmentCommand(commitmentId, request, Caller.From(user)!), http);
        return await outcome.AnswerAsync(session, (withdrawn, receipt) =>
            TypedResults.Ok(new CommitmentWithdrawal(withdrawn.StreamId, "withdrawn", withdrawn.Version, receipt)), http.RequestAborted);
    }
}
