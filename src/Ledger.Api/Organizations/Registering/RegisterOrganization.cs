using Ledger.Infrastructure.Auth;
using Ledger.Infrastructure.Http;
using Ledger.Infrastructure.Validation;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;
using Ledger.Transparency.Receipts;

namespace Ledger.Organizations.Registering;

public sealed record RegisterOrganization(string? Name);

public static class RegisterOrganizationEndpoint
{
    public static async Task<ProblemDetails> ValidateAsync(RegisterOrganization command, IDocumentSession session, CancellationToken ct)
    {
        var errors = new FieldErrors().Text("name", command.Name, 200);
        if (errors.Any) return errors.ToProblem();
        var name = command.Name!.Trim();
        var taken = await session.Query<Organization>().AnyAsync(o => o.Name.Equals(name, StringComparison.OrdinalIgnoreCase), ct);
        return taken ? Problems.Conflict($"An organization named '{name}' is already registered.", "name") : WolverineContinue.NoProblems;
    }

    public static OrganizationRegistered Decide(RegisterOrganization command, Guid organizationId) => new(organizationId, command.Name!.Trim());

    [WolverinePost("/api/organizations", OperationId = "registerOrganization"), Authorize(Policy = Policies.Admin)]
    [DeduplicatedWithResponse(DeduplicationScope.User, Required = false)]
    public static (Created, IStartStream) Post(RegisterOrganization command)
    {
        var organizationId = Guid.CreateVersion7();
        var registered = Decide(command, organizationId);
        return (new Created(organizationId, 1, $"/api/organizations/{organizationId}", Receipt.For(registered, organizationId, 1)),
            MartenOps.StartStream<Organization>(organizationId, registered));
    }
}
