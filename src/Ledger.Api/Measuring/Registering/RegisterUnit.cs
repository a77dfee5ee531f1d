using Ledger.Infrastructure.OpenApi;
using System.Security.Claims;
using System.Text.RegularExpressions;
using Ledger.Infrastructure.Http;
using Ledger.Infrastructure.Validation;
using Ledger.Infrastructure.Writing;
using Ledger.Organizations.Keys;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace Ledger.Measuring.Registering;

public sealed partial record RegisterUnit(string? Code, UnitKind? Kind, string? English, string? French, bool? Additive)
{
    /// <summary>The request read once into the unit it registers, or every field that is wrong with it.</summary>
    public (UnitDefinition? Unit, FieldErrors Errors) Parse()
    {
        var errors = new FieldErrors()
            .Required("kind", Kind)
            .Text("english", English, 100)
            .Text("french", French, 100)
            .Required("additive", Additive);
        if (string.IsNullOrWhiteSpace(Code)) errors.Add("code", "is required");
        else if (!CodePattern().IsMatch(Code.Trim()))
            errors.Add("code", "must be a letter, then up to 39 letters, digits or hyphens, such as 'dams' or 'MWh'");
        if (Kind is { } kind && Additive == true && !UnitDefinition.CanAddUp(kind))
            errors.Add("additive", $"a {kind.ToString().ToLowerInvariant()} never adds up across commitments");
        if (errors.Any) return (null, errors);
        return (new UnitDefinition(Code!.Trim(), Kind!.Value, English!.Trim(), French!.Trim(), Additive!.Value), errors);
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9-]{0,39}$")]
    private static partial Regex CodePattern();
}

public sealed record RegisterUnitCommand(RegisterUnit Request, Caller By) : IWrite;

public static class RegisterUnitHandler
{
    public static Task<UnitCatalogue> LoadAsync(IQuerySession session, CancellationToken ct) => session.UnitCatalogueAsync(ct);

    public static (Outcome<Appended>, IMartenOp) Handle(RegisterUnitCommand command, UnitCatalogue units)
    {
        var (unit, problem) = Check(command.Request, units);
        if (unit is null) return (problem, MartenOps.Nothing());
        var id = RegisteredUnit.StreamIdOf(unit.Code);
        return (new Appended(id, id, 1, "/api/units"), MartenOps.StartStream<RegisteredUnit>(id, Decide(unit)));
    }

    /// <summary>The unit, once its fields are right and no unit has its code yet (whatever its case).</summary>
    public static (UnitDefinition? Unit, ProblemDetails Problem) Check(RegisterUnit request, UnitCatalogue units)
    {
        var (unit, errors) = request.Parse();
        if (unit is null) return (null, errors.ToProblem());
        return units.Find(unit.Code) is { } known
            ? (null, Problems.Conflict($"The unit '{known.Code}' is already in the catalogue.", "code"))
            : (unit, errors.ToProblem());
    }

    public static UnitRegistered Decide(UnitDefinition unit) => new(unit.Code, unit.Kind, unit.English, unit.French, unit.Additive);
}

public static class RegisterUnitEndpoint
{
    [Tags(Capability.Reference), EndpointSummary("Register a unit of measure")]
    [WolverinePost("/api/units", OperationId = "registerUnit")]
    [Authorize(Policy = Policies.Curator), DeduplicatedWithResponse(DeduplicationScope.User, Required = false)]
    [ProducesResponseType<Created>(StatusCodes.Status201Created)]
    public static Task<IResult> Post(
        RegisterUnit request, ClaimsPrincipal user, HttpContext http, IMessageBus bus, IDocumentSession session) =>
        request is null
            ? Writes.BodyRequired()
            : bus.CreateAsync(new RegisterUnitCommand(request, Caller.From(user)!), http, session);
}
