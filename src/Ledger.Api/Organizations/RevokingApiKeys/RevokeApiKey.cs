using System.Security.Claims;
using JasperFx.Events;
using Ledger.Infrastructure.Http;
using Ledger.Infrastructure.OpenApi;
using Ledger.Infrastructure.Validation;
using Ledger.Infrastructure.Writing;
using Ledger.Organizations.Keys;
using Ledger.Transparency.Receipts;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace Ledger.Organizations.RevokingApiKeys;

public sealed record RevokeApiKey(string? Reason)
{
    public (string? Reason, FieldErrors Errors) Parse()
    {
        var errors = new FieldErrors().Text("reason", Reason, 2000);
        return (errors.Any ? null : Reason!.Trim(), errors);
    }
}

public sealed record ApiKeyRevocation(Guid Id, DateTimeOffset RevokedAt, long Version, Receipt Receipt);

public sealed record RevokeApiKeyCommand(Guid OrganizationId, Guid ApiKeyId, RevokeApiKey Request, Caller By) : IWrite;

public sealed record RevocationRecorded(Guid StreamId, long Version, DateTimeOffset RevokedAt) : IAppended;

public static class RevokeApiKeyHandler
{
    public static Outcome<RevocationRecorded> Handle(
        RevokeApiKeyCommand command, [WriteAggregate(Required = false)] IEventStream<ApiKey> stream, TimeProvider clock)
    {
        if (MayRevokeIn(command.OrganizationId, command.By) is var forbidden && forbidden.Refuses()) return forbidden;
        if (stream.Aggregate is not { } key || key.OrganizationId != command.OrganizationId)
            return Problems.NotFound("API key", command.ApiKeyId);
        if (Check(key, command.By) is var refusal && refusal.Refuses()) return refusal;
        var (reason, errors) = command.Request.Parse();
        if (reason is null) return errors.ToProblem();
        var revoked = Decide(key, reason, command.By, clock.GetUtcNow());
        var version = stream.NextVersion();
        stream.AppendOne(revoked);
        return new RevocationRecorded(stream.Id, version, revoked.RevokedAt);
    }

    public static ProblemDetails MayRevokeIn(Guid organizationId, Caller by) => by.MayManageKeysOf(organizationId)
        ? WolverineContinue.NoProblems
        : Problems.Forbidden("Not this organization's keys", "A curator manages only their own organization's keys.");

    /// <summary>A curator cannot lock the admins out; a revocation is final.</summary>
    public static ProblemDetails Check(ApiKey key, Caller by) =>
        key.Role == Role.Admin && by.Role != Role.Admin
            ? Problems.Forbidden("Only an admin revokes an admin key", "This key's role is 'admin'.")
        : key.RevokedAt is { } at ? Problems.Conflict($"The key was already revoked at {at:O}.")
        : WolverineContinue.NoProblems;

    public static ApiKeyRevoked Decide(ApiKey key, string reason, Caller by, DateTimeOffset now) =>
        new(key.Id, key.OrganizationId, reason, now, by.OrganizationId, by.KeyId);
}

public static class RevokeApiKeyEndpoint
{
    [Tags(Capability.Organizations), EndpointSummary("Revoke an API key")]
    [WolverinePost("/api/organizations/{orgId}/keys/{keyId}/revocation", OperationId = "revokeApiKey")]
    [Authorize(Policy = Policies.Curator), DeduplicatedWithResponse(DeduplicationScope.User, Required = false)]
    [ProducesResponseType<ApiKeyRevocation>(StatusCodes.Status200OK)]
    public static async Task<IResult> Post(
        RevokeApiKey request, Guid orgId, string keyId, ClaimsPrincipal user, HttpContext http, IMessageBus bus,
        IQuerySession session)
    {
        if (request is null) return await Writes.BodyRequired();
        // The bootstrap key lives in configuration, not in the ledger: only its operators can replace it.
        if (keyId == Caller.Bootstrap.KeyId)
            return Results.Problem(Problems.Conflict(
                "The bootstrap admin key comes from configuration (Ledger:BootstrapAdminKey) and cannot be revoked here: " +
                "change or remove the setting and restart every node.", "keyId"));
        if (!Guid.TryParse(keyId, out var id))
            return Results.Problem(Problems.NotFound("API key", keyId));
        var command = new RevokeApiKeyCommand(orgId, id, request, Caller.From(user)!);
        var outcome = await bus.WriteAsync<RevocationRecorded>(command, http);
        return await outcome.AnswerAsync(session, (revoked, receipt) => TypedResults.Ok(
            new ApiKeyRevocation(revoked.StreamId, revoked.RevokedAt, revoked.Version, receipt)), http.RequestAborted);
    }
}
