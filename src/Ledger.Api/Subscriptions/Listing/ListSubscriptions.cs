using System.Security.Claims;
using Ledger.Infrastructure.Http;
using Ledger.Infrastructure.OpenApi;
using Ledger.Infrastructure.Validation;
using Ledger.Organizations.Keys;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Ledger.Subscriptions.Listing;

/// <summary>A subscription as its owner sees it: never its secret.</summary>
public sealed record SubscriptionDetails(Guid Id, string Url, SubscriptionFilter Filter, DateTimeOffset CreatedAt, string Deliveries);

/// <summary>One delivery: what was sent, each attempt, and where it stands. Its id is the <c>Ledger-Delivery</c> header.</summary>
public sealed record DeliveryDetails(
    Guid Id, long Sequence, string Kind, Guid DealId, DeliveryState State, DateTimeOffset CreatedAt,
    IReadOnlyList<DeliveryAttempt> Attempts);

public sealed record DeliveryLog(Guid SubscriptionId, IReadOnlyList<DeliveryDetails> Deliveries, int Page, int PageSize, long Total,
    string? Next);

public static class ListSubscriptionsEndpoint
{
    /// <summary>The subscriptions of the caller's key, newest first; other keys' are not shown, to admins neither.</summary>
    [Tags(Capability.Subscriptions), EndpointSummary("List your subscriptions")]
    [WolverineGet("/api/subscriptions", OperationId = "listSubscriptions"), Authorize(Policy = Policies.Observer)]
    public static async Task<IReadOnlyList<SubscriptionDetails>> Get(ClaimsPrincipal user, IQuerySession session, CancellationToken ct)
    {
        var keyId = Caller.From(user)!.KeyId;
        var theirs = await session.Query<WebhookSubscription>().Where(s => s.OwnerKeyId == keyId)
            .OrderByDescending(s => s.CreatedAt).ToListAsync(ct);
        return [.. theirs.Select(s => new SubscriptionDetails(s.Id, s.Url, s.Filter, s.CreatedAt,
            $"/api/subscriptions/{s.Id}/deliveries"))];
    }
}

public static class ListDeliveriesEndpoint
{
    public const int DefaultPageSize = 50, MaxPageSize = 500;

    public static ProblemDetails Validate(int? page, int? pageSize) =>
        new FieldErrors().Page(page, pageSize, DefaultPageSize, MaxPageSize).ToProblem();

    /// <summary>A subscription's deliveries, newest event first, with every attempt (time, status code or error).</summary>
    [WholeNumber("pageSize", 1, MaxPageSize, Default = DefaultPageSize)]
    [Tags(Capability.Subscriptions), EndpointSummary("List a subscription's deliveries")]
    [WolverineGet("/api/subscriptions/{subscriptionId}/deliveries", OperationId = "listDeliveries")]
    [Authorize(Policy = Policies.Observer), ProducesResponseType<DeliveryLog>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(Guid subscriptionId, int? page, int? pageSize, ClaimsPrincipal user,
        IQuerySession session, CancellationToken ct)
    {
        var subscription = await session.LoadAsync<WebhookSubscription>(subscriptionId, ct);
        if (subscription is null || subscription.OwnerKeyId != Caller.From(user)!.KeyId)
            return Results.Problem(Problems.NotFound("Subscription", subscriptionId));
        var paging = PageOf.From(page, pageSize, DefaultPageSize);
        var theirs = session.Query<WebhookDelivery>().Where(d => d.SubscriptionId == subscriptionId);
        var total = await theirs.CountAsync(ct);
        var deliveries = await theirs.OrderByDescending(d => d.Sequence).Skip((paging.Number - 1) * paging.Size)
            .Take(paging.Size).ToListAsync(ct);
        return Results.Ok(new DeliveryLog(subscriptionId,
            [.. deliveries.Select(d => new DeliveryDetails(d.Id, d.Sequence, d.Kind, d.DealId, d.State, d.CreatedAt, d.Attempts))],
            paging.Number, paging.Size, total, paging.Next($"/api/subscriptions/{subscriptionId}/deliveries", total)));
    }
}
