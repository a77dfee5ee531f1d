using System.Security.Claims;
using Ledger.Infrastructure.Http;
using Ledger.Infrastructure.OpenApi;
using Ledger.Organizations.Keys;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Http.Marten;

namespace Ledger.Organizations.Registry;

/// <summary>A key as those who manage it see it: never its secret nor the secret's hash.</summary>
public sealed record ApiKeyDetails(
    Guid Id, Role Role, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt,
    string? RevocationReason, string? RevokedByKeyId);

/// <summary>An organization's keys, for admins and the organization's own curators, oldest first.</summary>
public static class ListApiKeysEndpoint
{
    public static ProblemDetails Validate(
        [Document("orgId", Required = false)] Organization? organization, Guid orgId, ClaimsPrincipal user) =>
        Caller.From(user)?.MayManageKeysOf(orgId) != true
            ? Problems.Forbidden("Not this organization's keys", "A curator sees only their own organization's keys.")
            : Problems.Found(organization, "Organization", orgId);

    [Tags(Capability.Organizations), EndpointSummary("List an organization's API keys")]
    [WolverineGet("/api/organizations/{orgId}/keys", OperationId = "listApiKeys"), Authorize(Policy = Policies.Curator)]
    public static async Task<IReadOnlyList<ApiKeyDetails>> Get(Organization organization, IQuerySession session, CancellationToken ct)
    {
        var keys = await session.Query<ApiKey>().Where(k => k.OrganizationId == organization.Id).ToListAsync(ct);
        var ids = keys.Select(k => k.Id).ToArray();
        if (ids.Length == 0) return [];
        // When each key was issued is when the ledger recorded its stream's first event.
        var issued = await session.Events.QueryAllRawEvents().Where(e => e.StreamId.IsOneOf(ids) && e.Version == 1).ToListAsync(ct);
        var createdAt = issued.ToDictionary(e => e.StreamId, e => e.Timestamp);
        var lastUsed = (await session.LoadManyAsync<ApiKeyUse>(ct, ids)).ToDictionary(u => u.Id, u => u.LastUsedAt);
        return [.. keys.Select(k => new ApiKeyDetails(
                k.Id, k.Role, createdAt[k.Id], lastUsed.TryGetValue(k.Id, out var used) ? used : null, k.RevokedAt,
                k.RevocationReason, k.RevokedByKeyId))
            .OrderBy(k => k.CreatedAt)];
    }
}
