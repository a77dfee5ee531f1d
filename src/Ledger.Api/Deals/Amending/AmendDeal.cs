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

namespace Ledger.Deals.Amending;

public sealed record AmendDeal(DateOnly? EffectiveOn, string? Summary, IReadOnlyList<SourceInput?>? Sources);

public sealed record AmendDealCommand(Guid DealId, AmendDeal Request, Caller By) : IWrite;

public static class AmendDealHandler
{
    public static Outcome<Appended> Handle(AmendDealCommand command, [WriteAggregate(Required = false)] IEventStream<Deal> deal)
    {
        if (deal.Aggregate is null) return Problems.NotFound("Deal", command.DealId);
        if (Check(command.Request) is var problem && problem.Refuses()) return problem;
        var amendmentId = Guid.CreateVersion7();
        var version = deal.NextVersion();
        deal.AppendOne(Decide(command.Request, deal.Id, amendmentId));
        return new Appended(amendmentId, deal.Id, version, $"/api/deals/{deal.Id}");
    }

    /// <summary>The rules, once the deal is known to exist.</summary>
    public static ProblemDetails Check(AmendDeal command) => new FieldErrors()
        .Required("effectiveOn", command.EffectiveOn)
        .Text("summary", command.Summary, 5000)
        .Sources("sources", command.Sources)
        .ToProblem();

    public static DealAmended Decide(AmendDeal command, Guid dealId, Guid amendmentId) => new(
        dealId, amendmentId, command.EffectiveOn!.Value, command.Summary!.Trim(), [.. command.Sources!.Select(s => s!.ToSource())]);
}

public static class AmendDealEndpoint
{
    [WolverinePost("/api/deals/{dealId}/amendments", OperationId = "amendDeal")]
    [Authorize(Policy = Policies.Curator), DeduplicatedWithResponse(DeduplicationScope.User, Required = false)]
    [ProducesResponseType<Created>(StatusCodes.Status201Created)]
    public static Task<IResult> Post(
        AmendDeal request, Guid dealId, ClaimsPrincipal user, HttpContext http, IMessageBus bus, IDocumentSession session) =>
        bus.CreateAsync(new AmendDealCommand(dealId, request, Caller.From(user)!), http, session);
}
