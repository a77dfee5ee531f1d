using System.Security.Claims;
using JasperFx.Events;
using Ledger.Infrastructure;
using Ledger.Infrastructure.Http;
using Ledger.Infrastructure.OpenApi;
using Ledger.Infrastructure.Validation;
using Ledger.Infrastructure.Writing;
using Ledger.Organizations.Keys;
using Ledger.Sourcing;
using Ledger.Transparency.Receipts;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace Ledger.Commitments.Withdrawing;

/// <summary>The promisor (or the parties) abandoned the commitment; it stays on record as withdrawn.</summary>
public sealed record WithdrawCommitment(DateOnly? WithdrawnOn, string? Reason, IReadOnlyList<SourceInput?>? Sources)
{
    /// <summary>The request read once into what its decision takes, or every field that is wrong with it.</summary>
    public (Withdrawal? Withdrawal, FieldErrors Errors) Parse()
    {
        var errors = new FieldErrors()
            .Required("withdrawnOn", WithdrawnOn)
            .Text("reason", Reason, 2000)
            .Sources("sources", Sources);
        return (errors.Any ? null : new Withdrawal(WithdrawnOn!.Value, Reason!.Trim(), Sources!.ToSources()), errors);
    }
}

/// <summary>A withdrawal as read from its request: complete and non-null.</summary>
public sealed record Withdrawal(DateOnly WithdrawnOn, string Reason, IReadOnlyList<Source> Sources);

public sealed record CommitmentWithdrawal(Guid Id, string Status, long Version, Receipt Receipt);

public sealed record WithdrawCommitmentCommand(Guid CommitmentId, WithdrawCommitment Request, Caller By) : IWrite;

public static class WithdrawCommitmentHandler
{
    public static Outcome<Appended> Handle(
        WithdrawCommitmentCommand command, [WriteAggregate(Required = false)] IEventStream<Commitment> stream)
    {
        if (stream.Aggregate is not { } commitment) return Problems.NotFound("Commitment", command.CommitmentId);
        if (commitment.WithdrawnOn is not null)
            return Problems.Conflict($"The commitment was already withdrawn on {commitment.WithdrawnOn:yyyy-MM-dd}.");
        var (withdrawal, errors) = command.Request.Parse();
        if (withdrawal is null) return errors.ToProblem();
        var version = stream.NextVersion();
        stream.AppendOne(Decide(command.CommitmentId, withdrawal));
        return new Appended(stream.Id, stream.Id, version, $"/api/commitments/{stream.Id}");
    }

    public static CommitmentWithdrawn Decide(Guid commitmentId, Withdrawal withdrawal) =>
        new(commitmentId, withdrawal.WithdrawnOn, withdrawal.Reason, withdrawal.Sources);
}

public static class WithdrawCommitmentEndpoint
{
    [Tags(Capability.Commitments), EndpointSummary("Withdraw a commitment")]
    [WolverinePost("/api/commitments/{commitmentId}/withdrawal", OperationId = "withdrawCommitment")]
    [Authorize(Policy = Policies.Curator), DeduplicatedWithResponse(DeduplicationScope.User, Required = false)]
    [ProducesResponseType<CommitmentWithdrawal>(StatusCodes.Status200OK)]
    public static async Task<IResult> Post(
        WithdrawCommitment request, Guid commitmentId, ClaimsPrincipal user, HttpContext http, IMessageBus bus,
        IDocumentSession session)
    {
        if (request is null) return await Writes.BodyRequired();
        var outcome = await bus.WriteAsync<Appended>(new WithdrawCommitmentCommand(commitmentId, request, Caller.From(user)!), http);
        return await outcome.AnswerAsync(session, (withdrawn, receipt) =>
            TypedResults.Ok(new CommitmentWithdrawal(withdrawn.StreamId, "withdrawn", withdrawn.Version, receipt)),
            http.RequestAborted);
    }
}
