using Ledger.Infrastructure.Auth;
using Ledger.Infrastructure.Http;
using Ledger.Infrastructure.Validation;
using Ledger.Sourcing;
using Marten;
using JasperFx.Events;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Ledger.Transparency.Receipts;

namespace Ledger.Commitments.Withdrawing;

/// <summary>The promisor (or the parties) abandoned the commitment; it stays on record as withdrawn.</summary>
public sealed record WithdrawCommitment(DateOnly? WithdrawnOn, string? Reason, IReadOnlyList<SourceInput?>? Sources);

public sealed record CommitmentWithdrawal(Guid Id, string Status, long Version, Receipt Receipt);

public static class WithdrawCommitmentEndpoint
{
    public static Task<IEventStream<Commitment>> LoadAsync(Guid commitmentId, IDocumentSession session, CancellationToken ct) =>
        session.Events.FetchForWriting<Commitment>(commitmentId, ct);

    public static ProblemDetails Validate(WithdrawCommitment command, IEventStream<Commitment> stream, Guid commitmentId)
    {
        if (stream.Aggregate is not { } commitment) return Problems.NotFound("Commitment", commitmentId);
        if (commitment.WithdrawnOn is not null) return Problems.Conflict($"The commitment was already withdrawn on {commitment.WithdrawnOn:yyyy-MM-dd}.");
        return new FieldErrors()
            .Required("withdrawnOn", command.WithdrawnOn)
            .Text("reason", command.Reason, 2000)
            .Sources("sources", command.Sources)
            .ToProblem();
    }

    public static CommitmentWithdrawn Decide(WithdrawCommitment command, Guid commitmentId) =>
        new(commitmentId, command.WithdrawnOn!.Value, command.Reason!.Trim(), [.. command.Sources!.Select(s => s!.ToSource())]);

    [WolverinePost("/api/commitments/{commitmentId}/withdrawal", OperationId = "withdrawCommitment"), Authorize(Policy = Policies.Curator)]
    [DeduplicatedWithResponse(DeduplicationScope.User, Required = false)]
    public static CommitmentWithdrawal Post(WithdrawCommitment command, IEventStream<Commitment> stream)
    {
        var receipt = Receipt.AppendTo(stream, Decide(command, stream.Id));
        return new CommitmentWithdrawal(stream.Id, "withdrawn", receipt.Version, receipt);
    }
}
