using System.Security.Claims;
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

namespace Ledger.Organizations.IssuingApiKeys;

public sealed record IssueApiKey(Role? Role);

/// <summary>The only time the key is ever shown: the ledger keeps nothing but its hash.</summary>
public sealed record ApiKeyCreated(Guid Id, Guid OrganizationId, Role Role, string Key, Receipt Receipt);

public sealed record IssueApiKeyCommand(Guid OrganizationId, IssueApiKey Request, Caller By) : IWrite;

/// <summary>The key's stream, and the key itself, which exists nowhere else once it has been answered.</summary>
public sealed record ApiKeyIssuedWith(Guid StreamId, long Version, Guid OrganizationId, Role Role, string Key) : IAppended;

public static class IssueApiKeyHandler
{
    public static (Outcome<ApiKeyIssuedWith>, IMartenOp) Handle(
        IssueApiKeyCommand command, [ReadAggregate(Required = false)] Organization? organization)
    {
        if (organization is null) return (Problems.NotFound("Organization", command.OrganizationId), MartenOps.Nothing());
        if (command.Request.Role is not { } role)
            return (new FieldErrors().Required("role", command.Request.Role).ToProblem(), MartenOps.Nothing());
        var keyId = Guid.CreateVersion7();
        var secret = ApiKeys.NewSecret();
        var issued = Decide(keyId, organization, role, secret);
        return (new ApiKeyIssuedWith(keyId, 1, organization.Id, issued.Role, ApiKeys.Format(keyId, secret)),
            MartenOps.StartStream<ApiKey>(keyId, issued));
    }

    public static ApiKeyIssued Decide(Guid keyId, Organization organization, Role role, string secret) =>
        new(keyId, organization.Id, organization.Name, role, ApiKeys.Hash(secret));
}

public static class IssueApiKeyEndpoint
{
    // Deliberately not replayable: a stored response would keep the secret key at rest.
    [Tags(Capability.Organizations), EndpointSummary("Issue an API key to an organization")]
    [WolverinePost("/api/organizations/{orgId}/keys", OperationId = "issueApiKey"), Authorize(Policy = Policies.Admin)]
    [ProducesResponseType<ApiKeyCreated>(StatusCodes.Status201Created)]
    public static async Task<IResult> Post(
        IssueApiKey request, Guid orgId, ClaimsPrincipal user, HttpContext http, IMessageBus bus, IQuerySession session)
    {
        if (request is null) return await Writes.BodyRequired();
        var outcome = await bus.WriteAsync<ApiKeyIssuedWith>(new IssueApiKeyCommand(orgId, request, Caller.From(user)!), http);
        return await outcome.AnswerAsync(session, (issued, receipt) => Results.Json(
            new ApiKeyCreated(issued.StreamId, issued.OrganizationId, issued.Role, issued.Key, receipt),
            statusCode: StatusCodes.Status201Created), http.RequestAborted);
    }
}
