using System.Security.Claims;
using JasperFx.Events;
using Ledger.Infrastructure.Auth;
using Ledger.Infrastructure.Http;
using Ledger.Infrastructure.Validation;
using Ledger.Infrastructure.Writing;
using Ledger.Sourcing;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace Ledger.Deals.Registering;

public sealed record PartyInput(string? Name, PartyKind? Kind, string? Country);

public sealed record RegisterDeal(
    string? Title, IReadOnlyList<PartyInput?>? Parties, string? Summary, DateOnly? SignedOn, IReadOnlyList<SourceInput?>? Sources);

public sealed record RegisterDealCommand(RegisterDeal Request, Caller By) : IWrite;

public static class RegisterDealHandler
{
    public static (Outcome<Appended>, IMartenOp) Handle(RegisterDealCommand command)
    {
        if (Check(command.Request) is var problem && problem.Refuses()) return (problem, MartenOps.Nothing());
        var dealId = Guid.CreateVersion7();
        return (new Appended(dealId, dealId, 1, $"/api/deals/{dealId}"),
            MartenOps.StartStream<Deal>(dealId, Decide(command.Request, dealId)));
    }

    public static ProblemDetails Check(RegisterDeal command)
    {
        var errors = new FieldErrors()
            .Text("title", command.Title, 300)
            .Text("summary", command.Summary, 5000)
            .Sources("sources", command.Sources);
        var parties = command.Parties ?? [];
        if (parties.Count < 2) errors.Add("parties", "a deal has at least two parties");
        for (var i = 0; i < parties.Count; i++)
        {
            var at = $"parties[{i}]";
            if (parties[i] is not { } party) { errors.Add(at, "must be an object"); continue; }
            errors.Text($"{at}.name", party.Name, 200).Required($"{at}.kind", party.Kind);
            if (party.Country is not null && !(party.Country.Length == 2 && party.Country.All(char.IsAsciiLetterUpper)))
                errors.Add($"{at}.country", "must be an ISO 3166-1 alpha-2 code such as 'CD' or 'CN'");
            else if (party.Country is null && party.Kind == PartyKind.State) errors.Add($"{at}.country", "is required for a state");
        }
        var repeated = parties.OfType<PartyInput>().Where(p => !string.IsNullOrWhiteSpace(p.Name))
            .GroupBy(p => p.Name!.Trim(), StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1)
            .Select(g => g.Key).ToList();
        if (repeated.Count > 0)
            errors.Add("parties", $"each party appears once; repeated: {string.Join(", ", repeated)}");
        return errors.ToProblem();
    }

    public static DealRegistered Decide(RegisterDeal command, Guid dealId) => new(
        dealId,
        command.Title!.Trim(),
        [.. command.Parties!.Select(p => new Party(p!.Name!.Trim(), p.Kind!.Value, p.Country))],
        command.Summary!.Trim(),
        command.SignedOn,
        [.. command.Sources!.Select(s => s!.ToSource())]);
}

public static class RegisterDealEndpoint
{
    [WolverinePost("/api/deals", OperationId = "registerDeal")]
    [Authorize(Policy = Policies.Curator), DeduplicatedWithResponse(DeduplicationScope.User, Required = false)]
    [ProducesResponseType<Created>(StatusCodes.Status201Created)]
    public static Task<IResult> Post(
        RegisterDeal request, ClaimsPrincipal user, HttpContext http, IMessageBus bus, IDocumentSession session) =>
        bus.CreateAsync(new RegisterDealCommand(request, Caller.From(user)!), http, session);
}
