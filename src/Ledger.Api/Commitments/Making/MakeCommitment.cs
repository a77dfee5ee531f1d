using Ledger.Deals;
using Ledger.Infrastructure.Auth;
using Ledger.Infrastructure.Http;
using Ledger.Infrastructure.Validation;
using Ledger.Measuring;
using Ledger.Sourcing;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;
using Ledger.Transparency.Receipts;

namespace Ledger.Commitments.Making;

public sealed record MakeCommitment(
    string? Promisor, string? Beneficiary, string? Title, string? Category, TargetInput? Target, DateOnly? DueOn, bool? Binding,
    DateOnly? MadeOn, IReadOnlyList<SourceInput?>? Sources);

public static class MakeCommitmentEndpoint
{
    public static Task<Deal?> LoadAsync(Guid dealId, IDocumentSession session, CancellationToken ct) => session.LoadAsync<Deal>(dealId, ct);

    public static ProblemDetails Validate(MakeCommitment command, Deal? deal, Guid dealId, TimeProvider clock)
    {
        if (deal is null) return Problems.NotFound("Deal", dealId);
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

    [WolverinePost("/api/deals/{dealId}/commitments", OperationId = "makeCommitment"), Authorize(Policy = Policies.Curator)]
    [DeduplicatedWithResponse(DeduplicationScope.User, Required = false)]
    public static (Created, IStartStream) Post(MakeCommitment command, Deal deal)
    {
        var commitmentId = Guid.CreateVersion7();
        var made = Decide(command, deal, commitmentId);
        return (new Created(commitmentId, 1, $"/api/commitments/{commitmentId}", Receipt.For(made, commitmentId, 1)),
            MartenOps.StartStream<Commitment>(commitmentId, made));
    }
}
