using Ledger.Infrastructure.Auth;
using Ledger.Infrastructure.Http;
using Ledger.Infrastructure.Validation;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;
using Ledger.Transparency.Receipts;

namespace Ledger.Organizations.IssuingKeys;

public sealed record IssueApiKey(Role? Role);

/// <summary>The only time the key is ever shown: the ledger keeps nothing but its hash.</summary>
public sealed record ApiKeyCreated(Guid Id, Guid OrganizationId, Role Role, string Key, Receipt Receipt) : IHttpAware
{
    public static void PopulateMetadata(System.Reflection.MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new Microsoft.AspNetCore.Http.ProducesResponseTypeMetadata(StatusCodes.Status201Created, typeof(ApiKeyCreated), ["application/json"]));

    public void Apply(HttpContext context) => context.Response.StatusCode = StatusCodes.Status201Created;
}

public static class IssueApiKeyEndpoint
{
    public static Task<Organization?> LoadAsync(Guid orgId, IDocumentSession session, CancellationToken ct) =>
        session.LoadAsync<Organization>(orgId, ct);

    public static ProblemDetails Validate(IssueApiKey command, Organization? organization, Guid orgId) =>
        organization is null ? Problems.NotFound("Organization", orgId) : new FieldErrors().Required("role", command.Role).ToProblem();

    public static ApiKeyIssued Decide(IssueApiKey command, Organization organization, Guid keyId, string secret) =>
        new(keyId, organization.Id, organization.Name, command.Role!.Value, ApiKeys.Hash(secret));

    // Deliberately not replayable: a stored response would keep the secret key at rest.
    [WolverinePost("/api/organizations/{orgId}/keys", OperationId = "issueApiKey"), Authorize(Policy = Policies.Admin)]
    public static (ApiKeyCreated, IStartStream) Post(IssueApiKey command, Organization organization)
    {
        var keyId = Guid.CreateVersion7();
        var secret = ApiKeys.NewSecret();
        var issued = Decide(command, organization, keyId, secret);
        return (new ApiKeyCreated(keyId, organization.Id, issued.Role, ApiKeys.Format(keyId, secret), Receipt.For(issued, keyId, 1)),
            MartenOps.StartStream<ApiKey>(keyId, issued));
    }
}
