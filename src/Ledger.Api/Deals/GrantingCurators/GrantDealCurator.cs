using System.Security.Claims;
using JasperFx.Events;
using Ledger.Infrastructure.Http;
using Ledger.Infrastructure.OpenApi;
using Ledger.Infrastructure.Validation;
using Ledger.Infrastructure.Writing;
using Ledger.Organizations;
using Ledger.Organizations.Keys;
using Ledger.Transparency.Receipts;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace Ledger.Deals.GrantingCurators;

public sealed record GrantDealCurator(Guid? OrganizationId);

public sealed record DealCuratorAdded(Guid Id, Guid OrganizationId, long Version, Receipt Receipt);

public sealed record GrantDealCuratorCommand(Guid DealId, GrantDealCurator Request, Caller By) : IWrite;

public sealed record CuratorGranted(Guid StreamId, long Version, Guid OrganizationId) : IAppended;

public static class GrantDealCuratorHandler
{
    public static async Task<Outcome<CuratorGranted>> Handle(
        GrantDealCuratorCommand command, [WriteAggregate(Required = false)] IEventStream<Deal> deal, IDocumentSession session,
        CancellationToken ct)
    {
        if (deal.Aggregate is null) return Problems.NotFound("Deal", command.DealId);
        if (command.Request.OrganizationId is not { } organizationId)
            return new FieldErrors().Required("organizationId", command.Request.OrganizationId).ToProblem();
        var organization = await session.LoadAsync<Organization>(organizationId, ct);
        var curators = await session.LoadAsync<DealCurators>(command.DealId, ct);
        if (Check(organization, organizationId, curators) is var refusal && refusal.Refuses()) return refusal;
        var version = deal.NextVersion();
        deal.AppendOne(new DealCuratorGranted(command.DealId, organizationId));
        return new CuratorGranted(deal.Id, version, organizationId);
    }

    public static ProblemDetails Check(Organization? organization, Guid organizationId, DealCurators? curators) =>
        organization is null ? new FieldErrors().Add("organizationId", $"no organization has the id '{organizationId}'").ToProblem()
        : curators?.Include(organizationId) == true
            ? Problems.Conflict($"The curators of '{organization.Name}' already moderate this deal.", "organizationId")
        : WolverineContinue.NoProblems;
}

public static class GrantDealCuratorEndpoint
{
    [Tags(Capability.Deals), EndpointSummary("Let an organization curate a deal")]
    [WolverinePost("/api/deals/{dealId}/curators", OperationId = "grantDealCurator")]
    [Authorize(Policy = Policies.Admin), DeduplicatedWithResponse(DeduplicationScope.User, Required = false)]
    [ProducesResponseType<DealCuratorAdded>(StatusCodes.Status200OK)]
    public static async Task<IResult> Post(
        GrantDealCurator request, Guid dealId, ClaimsPrincipal user, HttpContext http, IMessageBus bus, IQuerySession session)
    {
        if (request is null) return await Writes.BodyRequired();
        var outcome = await bus.WriteAsync<CuratorGranted>(new GrantDealCuratorCommand(dealId, request, Caller.From(user)!), http);
        return await outcome.AnswerAsync(session, (granted, receipt) => TypedResults.Ok(
            new DealCuratorAdded(granted.StreamId, granted.OrganizationId, granted.Version, receipt)), http.RequestAborted);
    }
}
