using System.Security.Claims;
using Ledger.Infrastructure.Auth;
using Ledger.Infrastructure.Http;
using Ledger.Infrastructure.Validation;
using Ledger.Infrastructure.Writing;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace Ledger.Organizations.Registering;

public sealed record RegisterOrganization(string? Name);

public sealed record RegisterOrganizationCommand(RegisterOrganization Request, Caller By) : IWrite;

public static class RegisterOrganizationHandler
{
    public static async Task<(Outcome<Appended>, IMartenOp)> Handle(
        RegisterOrganizationCommand command, IDocumentSession session, CancellationToken ct)
    {
        if (await CheckAsync(command.Request, session, ct) is var problem && problem.Refuses())
            return (problem, MartenOps.Nothing());
        var organizationId = Guid.CreateVersion7();
        return (new Appended(organizationId, organizationId, 1, $"/api/organizations/{organizationId}"),
            MartenOps.StartStream<Organization>(organizationId, Decide(command.Request, organizationId)));
    }

    public static async Task<ProblemDetails> CheckAsync(RegisterOrganization command, IQuerySession session, CancellationToken ct)
    {
        var errors = new FieldErrors().Text("name", command.Name, 200);
        if (errors.Any) return errors.ToProblem();
        var name = command.Name!.Trim();
        var taken = await session.Query<Organization>()
            .AnyAsync(o => o.Name.Equals(name, StringComparison.OrdinalIgnoreCase), ct);
        return taken
            ? Problems.Conflict($"An organization named '{name}' is already registered.", "name")
            : WolverineContinue.NoProblems;
    }

    public static OrganizationRegistered Decide(RegisterOrganization command, Guid organizationId) =>
        new(organizationId, command.Name!.Trim());
}

public static class RegisterOrganizationEndpoint
{
    [WolverinePost("/api/organizations", OperationId = "registerOrganization")]
    [Authorize(Policy = Policies.Admin), DeduplicatedWithResponse(DeduplicationScope.User, Required = false)]
    [ProducesResponseType<Created>(StatusCodes.Status201Created)]
    public static Task<IResult> Post(
        RegisterOrganization request, ClaimsPrincipal user, HttpContext http, IMessageBus bus, IDocumentSession session) =>
        bus.CreateAsync(new RegisterOrganizationCommand(request, Caller.From(user)!), http, session);
}
