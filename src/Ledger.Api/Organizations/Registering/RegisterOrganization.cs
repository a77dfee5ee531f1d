using System.Security.Claims;
using Ledger.Infrastructure.Http;
using Ledger.Infrastructure.OpenApi;
using Ledger.Infrastructure.Validation;
using Ledger.Infrastructure.Writing;
using Ledger.Organizations.Keys;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace Ledger.Organizations.Registering;

public sealed record RegisterOrganization(string? Name);

public sealed record RegisterOrganizationCommand(Guid OrganizationId, RegisterOrganization Request, Caller By) : IWrite;

public static class RegisterOrganizationHandler
{
    public static async Task<(Outcome<Appended>, IMartenOp)> Handle(
        RegisterOrganizationCommand command, IDocumentSession session, CancellationToken ct)
    {
        var (name, problem) = await CheckAsync(command.Request, session, ct);
        if (name is null) return (problem, MartenOps.Nothing());
        var id = command.OrganizationId;
        return (new Appended(id, id, 1, $"/api/organizations/{id}"),
            MartenOps.StartStream<Organization>(id, new OrganizationRegistered(id, name)));
    }

    /// <summary>The name, trimmed, once it is known to be given and not taken (whatever its case).</summary>
    public static async Task<(string? Name, ProblemDetails Problem)> CheckAsync(
        RegisterOrganization request, IQuerySession session, CancellationToken ct)
    {
        var errors = new FieldErrors().Text("name", request.Name, 200);
        if (errors.Any) return (null, errors.ToProblem());
        var name = request.Name!.Trim();
        var taken = await session.Query<Organization>()
            .AnyAsync(o => o.Name.Equals(name, StringComparison.OrdinalIgnoreCase), ct);
        return taken
            ? (null, Problems.Conflict($"An organization named '{name}' is already registered.", "name"))
            : (name, WolverineContinue.NoProblems);
    }
}

public static class RegisterOrganizationEndpoint
{
    [Tags(Capability.Organizations), EndpointSummary("Register an organization")]
    [WolverinePost("/api/organizations", OperationId = "registerOrganization")]
    [Authorize(Policy = Policies.Admin), DeduplicatedWithResponse(DeduplicationScope.User, Required = false)]
    [ProducesResponseType<Created>(StatusCodes.Status201Created)]
    public static Task<IResult> Post(
        RegisterOrganization request, ClaimsPrincipal user, HttpContext http, IMessageBus bus, IDocumentSession session) =>
        request is null
            ? Writes.BodyRequired()
            : bus.CreateAsync(new RegisterOrganizationCommand(
                Writes.NewId(http, "organization"), request, Caller.From(user)!),
                http, session);
}
