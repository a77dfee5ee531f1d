using Ledger.Infrastructure.Http;
using Ledger.Infrastructure.OpenApi;
using Ledger.Organizations.Keys;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Http.Marten;

namespace Ledger.Organizations.Registry;

public sealed record KeySummary(Guid Id, Role Role);

public sealed record OrganizationDetails(Guid Id, string Name, IReadOnlyList<KeySummary> Keys);

/// <summary>Who may write to the ledger, and with which keys (never the keys themselves): admins only.</summary>
public static class ListOrganizationsEndpoint
{
    [Tags(Capability.Organizations), EndpointSummary("List the organizations")]
    [WolverineGet("/api/organizations", OperationId = "listOrganizations"), Authorize(Policy = Policies.Admin)]
    public static async Task<IReadOnlyList<OrganizationDetails>> Get(IQuerySession session, CancellationToken ct)
    {
        var organizations = await session.Query<Organization>().OrderBy(o => o.Name).ToListAsync(ct);
        var keys = (await session.Query<ApiKey>().ToListAsync(ct)).ToLookup(k => k.OrganizationId);
        return [.. organizations.Select(o => new OrganizationDetails(o.Id, o.Name, [.. keys[o.Id].Select(k => new KeySummary(k.Id, k.Role))]))];
    }
}

public static class GetOrganizationEndpoint
{
    public static ProblemDetails Validate([Document("orgId", Required = false)] Organization? organization, Guid orgId) =>
        Problems.Found(organization, "Organization", orgId);

    [Tags(Capability.Organizations), EndpointSummary("Get an organization")]
    [WolverineGet("/api/organizations/{orgId}", OperationId = "getOrganization"), Authorize(Policy = Policies.Admin)]
    public static async Task<OrganizationDetails> Get(
        Organization organization, IQuerySession session, CancellationToken ct)
    {
        var keys = await session.Query<ApiKey>().Where(k => k.OrganizationId == organization.Id).ToListAsync(ct);
        return new OrganizationDetails(organization.Id, organization.Name, [.. keys.Select(k => new KeySummary(k.Id, k.Role))]);
    }
}
