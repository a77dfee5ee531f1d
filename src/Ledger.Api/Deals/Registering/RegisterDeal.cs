using System.Security.Claims;
using JasperFx.Events;
using Ledger.Infrastructure;
using Ledger.Infrastructure.Http;
using Ledger.Infrastructure.OpenApi;
using Ledger.Infrastructure.Validation;
using Ledger.Infrastructure.Writing;
using Ledger.Organizations.Keys;
using Ledger.Sourcing;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace Ledger.Deals.Registering;

public sealed record PartyInput(string? Name, PartyKind? Kind, string? Country, IReadOnlyList<string?>? Aliases = null);

public sealed record RegisterDeal(
    string? Title, IReadOnlyList<PartyInput?>? Parties, string? Summary, DateOnly? SignedOn,
    IReadOnlyList<SourceInput?>? Sources)
{
    /// <summary>The request read once into what its decision takes, or every field that is wrong with it.</summary>
    public (NewDeal? Deal, FieldErrors Errors) Parse()
    {
        var errors = new FieldErrors()
            .Text("title", Title, 300)
            .Text("summary", Summary, 5000)
            .Sources("sources", Sources);
        var parties = Parties ?? [];
        if (parties.Count < 2) errors.Add("parties", "a deal has at least two parties");
        for (var i = 0; i < parties.Count; i++)
        {
            var at = $"parties[{i}]";
            if (parties[i] is not { } party) { errors.Add(at, "must be an object"); continue; }
            errors.Text($"{at}.name", party.Name, 200).Required($"{at}.kind", party.Kind);
            if (party.Country is not null && !(party.Country.Length == 2 && party.Country.All(char.IsAsciiLetterUpper)))
                errors.Add($"{at}.country", "must be an ISO 3166-1 alpha-2 code such as 'CD' or 'CN'");
            else if (party.Country is null && party.Kind == PartyKind.State) errors.Add($"{at}.country", "is required for a state");
            var aliases = party.Aliases ?? [];
            if (aliases.Count > 20) errors.Add($"{at}.aliases", "at most 20 aliases");
            for (var j = 0; j < aliases.Count; j++) errors.Text($"{at}.aliases[{j}]", aliases[j], 200);
        }
        // A name or an alias names one party only: else a filter by it could not say whose commitments it means.
        var repeated = parties.OfType<PartyInput>()
            .SelectMany(p => new[] { p.Name }.Concat(p.Aliases ?? []).Where(n => !string.IsNullOrWhiteSpace(n))
                .Select(n => n!.Trim()).Distinct(StringComparer.OrdinalIgnoreCase))
            .GroupBy(n => n, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1)
            .Select(g => g.Key).ToList();
        if (repeated.Count > 0)
            errors.Add("parties", $"each party, and each alias, appears once; repeated: {string.Join(", ", repeated)}");
        if (errors.Any) return (null, errors);
        return (new NewDeal(Title!.Trim(), [.. parties.Select(p => PartyOf(p!))], Summary!.Trim(), SignedOn, Sources!.ToSources()),
            errors);
    }

    static Party PartyOf(PartyInput p)
    {
        var name = p.Name!.Trim();
        var aliases = (p.Aliases ?? []).Select(a => a!.Trim())
            .Where(a => !string.Equals(a, name, StringComparison.OrdinalIgnoreCase)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        return new Party(name, p.Kind!.Value, p.Country) { Aliases = aliases.Count == 0 ? null : aliases };
    }
}

/// <summary>A deal as read from its request: complete and non-null.</summary>
public sealed record NewDeal(
    string Title, IReadOnlyList<Party> Parties, string Summary, DateOnly? SignedOn, IReadOnlyList<Source> Sources);

public sealed record RegisterDealCommand(Guid DealId, RegisterDeal Request, Caller By) : IWrite;

public static class RegisterDealHandler
{
    public static (Outcome<Appended>, IMartenOp) Handle(RegisterDealCommand command)
    {
        var (deal, errors) = command.Request.Parse();
        if (deal is null) return (errors.ToProblem(), MartenOps.Nothing());
        var id = command.DealId;
        return (new Appended(id, id, 1, $"/api/deals/{id}"), MartenOps.StartStream<Deal>(id, Decide(id, deal, command.By.OrganizationId)));
    }

    /// <summary>The registering organization's curators are the deal's first.</summary>
    public static DealRegistered Decide(Guid dealId, NewDeal deal, Guid registeredBy) =>
        new(dealId, deal.Title, deal.Parties, deal.Summary, deal.SignedOn, deal.Sources)
        {
            RegisteredByOrganizationId = registeredBy,
        };
}

public static class RegisterDealEndpoint
{
    [Tags(Capability.Deals), EndpointSummary("Register a deal")]
    [WolverinePost("/api/deals", OperationId = "registerDeal")]
    [Authorize(Policy = Policies.Curator), DeduplicatedWithResponse(DeduplicationScope.User, Required = false)]
    [ProducesResponseType<Created>(StatusCodes.Status201Created)]
    public static Task<IResult> Post(
        RegisterDeal request, ClaimsPrincipal user, HttpContext http, IMessageBus bus, IDocumentSession session) =>
        request is null
            ? Writes.BodyRequired()
            : bus.CreateAsync(new RegisterDealCommand(
                Writes.NewId(http, "deal"), request, Caller.From(user)!),
                http, session);
}
