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

namespace Ledger.Deals.Amending;

public sealed record AmendDeal(DateOnly? EffectiveOn, string? Summary, IReadOnlyList<SourceInput?>? Sources);

public static class AmendDealEndpoint
{
    public static Task<IEventStream<Deal>> LoadAsync(Guid dealId, IDocumentSession session, CancellationToken ct) =>
        session.Events.FetchForWriting<Deal>(dealId, ct);

    public static ProblemDetails Validate(AmendDeal command, IEventStream<Deal> deal, Guid dealId) =>
        deal.Aggregate is null ? Problems.NotFound("Deal", dealId) : Check(command);

    /// <summary>The rules, once the deal is known to exist.</summary>
    public static ProblemDetails Check(AmendDeal command) => new FieldErrors()
        .Required("effectiveOn", command.EffectiveOn)
        .Text("summary", command.Summary, 5000)
        .Sources("sources", command.Sources)
        .ToProblem();

    public static DealAmended Decide(AmendDeal command, Guid dealId, Guid amendmentId) =>
        new(dealId, amendmentId, command.EffectiveOn!.Value, command.Summary!.Trim(), [.. command.Sources!.Select(s => s!.ToSource())]);

    [WolverinePost("/api/deals/{dealId}/amendments", OperationId = "amendDeal"), Authorize(Policy = Policies.Curator)]
    [DeduplicatedWithResponse(DeduplicationScope.User, Required = false)]
    public static Created Post(AmendDeal command, Guid dealId, IEventStream<Deal> deal)
    {
        var amendmentId = Guid.CreateVersion7();
        var receipt = Receipt.AppendTo(deal, Decide(command, dealId, amendmentId));
        return new Created(amendmentId, receipt.Version, $"/api/deals/{dealId}", receipt);
    }
}
