using System.Net;
using System.Security.Claims;
using Ledger.Feeds;
using Ledger.Infrastructure.Http;
using Ledger.Infrastructure.OpenApi;
using Ledger.Infrastructure.Validation;
using Ledger.Infrastructure.Writing;
using Ledger.Organizations.Keys;
using Ledger.Subscriptions.Delivering;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace Ledger.Subscriptions.Subscribing;

public sealed record Subscribe(string? Url, string? Secret, SubscribeFilter? Filter)
{
    public const int MaxDeals = 100, MaxParties = 50, MinSecret = 16, MaxSecret = 200;

    /// <summary>The subscription's address and filter, and its secret when the caller chose one; or every bad field.</summary>
    public (Uri? Url, string? Secret, SubscriptionFilter? Filter, FieldErrors Errors) Parse(bool allowPrivate)
    {
        var errors = new FieldErrors();
        var url = WebhookAddresses.ParseUrl(Url, allowPrivate, errors);
        if (Secret is not null && (Secret.Length is < MinSecret or > MaxSecret || !Secret.All(c => c is > ' ' and < '\x7f')))
            errors.Add("secret", $"must be {MinSecret} to {MaxSecret} printable ASCII characters, without spaces");
        var deals = Filter?.Deals ?? [];
        var parties = Filter?.Parties ?? [];
        var kinds = Filter?.Kinds ?? [];
        if (deals.Count > MaxDeals) errors.Add("filter.deals", $"must hold at most {MaxDeals} deal ids");
        for (var i = 0; i < deals.Count; i++)
            if (deals[i] == Guid.Empty) errors.Add($"filter.deals[{i}]", "must be a deal id");
        if (parties.Count > MaxParties) errors.Add("filter.parties", $"must hold at most {MaxParties} names");
        for (var i = 0; i < parties.Count; i++) errors.Text($"filter.parties[{i}]", parties[i], 200);
        for (var i = 0; i < kinds.Count; i++)
            if (kinds[i] is null || !AtomFeed.Kinds.Contains(kinds[i]!))
                errors.Add($"filter.kinds[{i}]", $"must be one of {string.Join(", ", AtomFeed.Kinds.Order())}");
        if (errors.Any) return (null, null, null, errors);
        return (url, Secret, new SubscriptionFilter([.. deals.Distinct()], [.. parties.Select(p => p!.Trim()).Distinct()],
            [.. kinds.Select(k => k!).Distinct()]), errors);
    }
}

/// <summary>Which events to send: deal ids, party names or aliases, event kinds; an empty or absent list lets all through.</summary>
public sealed record SubscribeFilter(IReadOnlyList<Guid>? Deals, IReadOnlyList<string?>? Parties, IReadOnlyList<string?>? Kinds);

/// <summary>The only time the secret is shown, when the ledger made it; the list never shows it.</summary>
public sealed record SubscriptionCreated(
    Guid Id, string Url, SubscriptionFilter Filter, DateTimeOffset CreatedAt, string? Secret);

public sealed record SubscribeCommand(Guid SubscriptionId, Subscribe Request, Caller By) : IWrite;

public static class SubscribeHandler
{
    public static async Task<(SubscriptionAnswer<SubscriptionCreated>, IMartenOp)> Handle(
        SubscribeCommand command, IDocumentSession session, WebhookSettings settings, TimeProvider clock, CancellationToken ct)
    {
        var (url, secret, filter, errors) = command.Request.Parse(settings.AllowPrivateAddresses);
        if (url is null || filter is null) return (errors.ToProblem(), MartenOps.Nothing());
        if (!settings.AllowPrivateAddresses && WebhookAddresses.Refusal(await ResolveAsync(url, ct)) is { } refusal)
            return (new FieldErrors().Add("url", refusal).ToProblem(), MartenOps.Nothing());
        if (await session.LoadAsync<WebhookSubscription>(command.SubscriptionId, ct) is not null)
            return (Problems.AlreadyRecorded("subscription"), MartenOps.Nothing());
        var held = await session.Query<WebhookSubscription>().CountAsync(s => s.OwnerKeyId == command.By.KeyId, ct);
        if (Check(held, settings.MaxPerKey) is var full && full.Refuses()) return (full, MartenOps.Nothing());
        // Only events recorded from now on are sent: a subscription does not replay the ledger's past.
        var after = (await session.QueryAsync<long>("select coalesce(max(seq_id), 0) from mt_events", ct)).Single();
        var subscription = Decide(command, url, secret ?? WebhookSignature.NewSecret(), filter, after, clock.GetUtcNow());
        return (new SubscriptionCreated(subscription.Id, subscription.Url, filter, subscription.CreatedAt,
            secret is null ? subscription.Secret : null), MartenOps.Store(subscription));
    }

    public static ProblemDetails Check(int held, int maxPerKey) => held >= maxPerKey
        ? Problems.Conflict($"This key already holds {held} subscriptions, the most one key may hold ({maxPerKey}): " +
            "delete one first, or use another key.")
        : WolverineContinue.NoProblems;

    public static WebhookSubscription Decide(
        SubscribeCommand command, Uri url, string secret, SubscriptionFilter filter, long afterSequence, DateTimeOffset now) =>
        new(command.SubscriptionId, command.By.KeyId, command.By.OrganizationId, url.AbsoluteUri, secret, filter,
            afterSequence, now);

    static async Task<IPAddress[]> ResolveAsync(Uri url, CancellationToken ct)
    {
        if (IPAddress.TryParse(url.IdnHost.Trim('[', ']'), out var literal)) return [literal];
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        try
        {
            return await Dns.GetHostAddressesAsync(url.IdnHost, timeout.Token);
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            return [];
        }
    }
}

public static class SubscribeEndpoint
{
    /// <summary>
    /// Subscribes the caller's key to signed webhooks. Without a <c>secret</c> the ledger makes one and answers it here,
    /// once; deliveries then carry <c>Ledger-Signature</c> (see the README's Webhooks section).
    /// </summary>
    [Tags(Capability.Subscriptions), EndpointSummary("Subscribe to signed webhooks")]
    [WolverinePost("/api/subscriptions", OperationId = "subscribe"), Authorize(Policy = Policies.Observer)]
    [DeduplicatedWithResponse(DeduplicationScope.User, Required = false)]
    [ProducesResponseType<SubscriptionCreated>(StatusCodes.Status201Created)]
    public static async Task<IResult> Post(Subscribe request, ClaimsPrincipal user, HttpContext http, IMessageBus bus)
    {
        if (request is null) return await Writes.BodyRequired();
        var command = new SubscribeCommand(Writes.NewId(http, "subscription"), request, Caller.From(user)!);
        var answer = await bus.InvokeAsync<SubscriptionAnswer<SubscriptionCreated>>(command,
            new DeliveryOptions { CorrelationId = EventAttribution.CorrelationIdOf(http) }, http.RequestAborted);
        return answer.Refusal is { } problem ? Results.Problem(problem)
            : Results.Created($"/api/subscriptions/{answer.Done!.Id}/deliveries", answer.Done);
    }
}
