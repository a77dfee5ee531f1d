using System.Security.Claims;
using JasperFx.Events;
using Ledger.Infrastructure;
using Ledger.Infrastructure.Http;
using Ledger.Infrastructure.OpenApi;
using Ledger.Infrastructure.Validation;
using Ledger.Infrastructure.Writing;
using Ledger.Organizations.Keys;
using Ledger.Sourcing;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace Ledger.Deals.Amending;

public sealed record AmendDeal(DateOnly? EffectiveOn, string? Summary, IReadOnlyList<SourceInput?>? Sources)
{
    /// <summary>The request read once into what its decision takes, or every field that is wrong with it.</summary>
    public (NewAmendment? Amendment, FieldErrors Errors) Parse()
    {
        var errors = new FieldErrors()
            .Required("effectiveOn", EffectiveOn)
            .Text("summary", Summary, 5000)
            .Sources("sources", Sources);
        return (errors.Any ? null : new NewAmendment(EffectiveOn!.Value, Summary!.Trim(), Sources!.ToSources()), errors);
    }
}

/// <summary>An amendment as read from its request: complete and non-null.</summary>
public sealed record NewAmendment(DateOnly EffectiveOn, string Summary, IReadOnlyList<Source> Sources);

public sealed record AmendDealCommand(Guid DealId, Guid AmendmentId, AmendDeal Request, Caller By) : IWrite;

public static class AmendDealHandler
{
    public static Outcome<Appended> Handle(AmendDealCommand command, [WriteAggregate(Required = false)] IEventStream<Deal> deal)
    {
        if (deal.Aggregate is not { } known) return Problems.NotFound("Deal", command.DealId);
        if (known.Amendments.Any(a => a.Id == command.AmendmentId)) return Problems.AlreadyRecorded("amendment");
        var (amendment, errors) = command.Request.Parse();
        if (amendment is null) return errors.ToProblem();
        var version = deal.NextVersion();
        deal.AppendOne(Decide(command.DealId, command.AmendmentId, amendment));
        return new Appended(command.AmendmentId, deal.Id, version, $"/api/deals/{deal.Id}");
    }

    public static DealAmended Decide(Guid dealId, Guid amendmentId, NewAmendment amendment) =>
        new(dealId, amendmentId, amendment.EffectiveOn, amendment.Summary, amendment.Sources);
}

public static class AmendDealEndpoint
{
    [Tags(Capability.Deals), EndpointSummary("Record an amendment to a deal")]
    [WolverinePost("/api/deals/{dealId}/amendments", OperationId = "amendDeal")]
    [Authorize(Policy = Policies.Curator), DeduplicatedWithResponse(DeduplicationScope.User, Required = false)]
    [ProducesResponseType<Created>(StatusCodes.Status201Created)]
    public static Task<IResult> Post(
        AmendDeal request, Guid dealId, ClaimsPrincipal user, HttpContext http, IMessageBus bus, IDocumentSession session) =>
        request is null
            ? Writes.BodyRequired()
            : bus.CreateAsync(new AmendDealCommand(
                dealId, Writes.NewId(http, "amendment"), request, Caller.From(user)!),
                http, session);
}
