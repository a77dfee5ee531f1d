using System.Security.Claims;
using Ledger.Infrastructure.Http;
using Ledger.Infrastructure.OpenApi;
using Ledger.Infrastructure.Writing;
using Ledger.Organizations.Keys;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine;
using Wolverine.Http;

namespace Ledger.Subscriptions.Subscribing;

public sealed record UnsubscribeCommand(Guid SubscriptionId, Caller By) : IWrite;

public sealed record Unsubscribed(Guid Id);

public static class UnsubscribeHandler
{
    /// <summary>Another key's subscription is as unknown to the caller as one that never was.</summary>
    public static ProblemDetails Check(WebhookSubscription? subscription, Guid id, Caller by) =>
        subscription is null || subscription.OwnerKeyId != by.KeyId
            ? Problems.NotFound("Subscription", id)
            : Wolverine.Http.WolverineContinue.NoProblems;

    /// <summary>The subscription and its delivery log go together; a pending delivery then finds nothing to send.</summary>
    public static async Task<SubscriptionAnswer<Unsubscribed>> Handle(
        UnsubscribeCommand command, IDocumentSession session, CancellationToken ct)
    {
        var subscription = await session.LoadAsync<WebhookSubscription>(command.SubscriptionId, ct);
        if (Check(subscription, command.SubscriptionId, command.By) is var missing && missing.Refuses()) return missing;
        session.Delete(subscription!);
        session.DeleteWhere<WebhookDelivery>(d => d.SubscriptionId == command.SubscriptionId);
        return new Unsubscribed(command.SubscriptionId);
    }
}

public static class UnsubscribeEndpoint
{
    [Tags(Capability.Subscriptions), EndpointSummary("Delete one of your subscriptions")]
    [WolverineDelete("/api/subscriptions/{subscriptionId}", OperationId = "unsubscribe"), Authorize(Policy = Policies.Observer)]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    public static async Task<IResult> Delete(Guid subscriptionId, ClaimsPrincipal user, HttpContext http, IMessageBus bus)
    {
        var answer = await bus.InvokeAsync<SubscriptionAnswer<Unsubscribed>>(
            new UnsubscribeCommand(subscriptionId, Caller.From(user)!),
            new DeliveryOptions { CorrelationId = EventAttribution.CorrelationIdOf(http) }, http.RequestAborted);
        return answer.Refusal is { } problem ? Results.Problem(problem) : Results.NoContent();
    }
}
