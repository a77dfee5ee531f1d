using System.Security.Claims;
using JasperFx.Events;
using Ledger.Deals;
using Ledger.Infrastructure;
using Ledger.Infrastructure.Http;
using Ledger.Infrastructure.OpenApi;
using Ledger.Infrastructure.Validation;
using Ledger.Infrastructure.Writing;
using Ledger.Measuring;
using Ledger.Organizations.Keys;
using Ledger.Sourcing;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace Ledger.Commitments.Making;

/// <summary>Which version of a list the commitment belongs to: <c>group</c> names the list, <c>version</c> this one.</summary>
public sealed record AlternativeInput(string? Group, string? Version);

public sealed record MakeCommitment(
    string? Promisor, string? Beneficiary, string? Title, string? Category, TargetInput? Target, DateOnly? DueOn,
    bool? Binding, DateOnly? MadeOn, IReadOnlyList<SourceInput?>? Sources, AlternativeInput? Alternative = null)
{
    /// <summary>The request read once into what its decision takes, or every field that is wrong with it.</summary>
    public (NewCommitment? Commitment, FieldErrors Errors) Parse(DateOnly today, UnitCatalogue? units = null)
    {
        var errors = new FieldErrors()
            .Text("promisor", Promisor, 200)
            .Text("beneficiary", Beneficiary, 200, required: false)
            .Text("title", Title, 300)
            .Slug("category", Category)
            .Target("target", Target, units)
            .Required("binding", Binding)
            .Required("madeOn", MadeOn)
            .NotInFuture("madeOn", MadeOn, today)
            .Sources("sources", Sources);
        if (DueOn < MadeOn) errors.Add("dueOn", "must not be before madeOn");
        if (Alternative is not null)
            errors.Slug("alternative.group", Alternative.Group).Text("alternative.version", Alternative.Version, 100);
        if (errors.Any) return (null, errors);
        return (new NewCommitment(Promisor!.Trim(), OptionalText.Of(Beneficiary),
            Title!.Trim(), Category!, Target!.ToTarget(units), DueOn, Binding!.Value, MadeOn!.Value, Sources!.ToSources())
        {
            Alternative = Alternative is null ? null : new Alternative(Alternative.Group!, Alternative.Version!.Trim()),
        }, errors);
    }
}

/// <summary>A commitment as read from its request: complete and non-null, but for what it may leave out.</summary>
public sealed record NewCommitment(
    string Promisor, string? Beneficiary, string Title, string Category, Target Target, DateOnly? DueOn, bool Binding,
    DateOnly MadeOn, IReadOnlyList<Source> Sources)
{
    public Alternative? Alternative { get; init; }
}

public sealed record MakeCommitmentCommand(Guid DealId, Guid CommitmentId, MakeCommitment Request, Caller By) : IWrite;

public static class MakeCommitmentHandler
{
    public static Task<UnitCatalogue> LoadAsync(IQuerySession session, CancellationToken ct) => session.UnitCatalogueAsync(ct);

    public static (Outcome<Appended>, IMartenOp) Handle(
        MakeCommitmentCommand command, [ReadAggregate(Required = false)] Deal? deal, UnitCatalogue units, TimeProvider clock)
    {
        if (deal is null) return (Problems.NotFound("Deal", command.DealId), MartenOps.Nothing());
        var (commitment, problem) = Check(command.Request, deal, clock.Today(), units);
        if (commitment is null) return (problem, MartenOps.Nothing());
        var id = command.CommitmentId;
        return (new Appended(id, id, 1, $"/api/commitments/{id}"),
            MartenOps.StartStream<Commitment>(id, Decide(id, commitment, deal)));
    }

    /// <summary>The request's fields and the rule that needs the deal (the promisor is one of its parties), in one answer.</summary>
    public static (NewCommitment? Commitment, ProblemDetails Problem) Check(
        MakeCommitment request, Deal deal, DateOnly today, UnitCatalogue? units = null)
    {
        var (commitment, errors) = request.Parse(today, units);
        if (!string.IsNullOrWhiteSpace(request.Promisor) && !deal.HasParty(request.Promisor))
            errors.Add("promisor", $"must be one of the deal's parties: {string.Join(", ", deal.Parties.Select(p => p.Name))}");
        return (errors.Any ? null : commitment, errors.ToProblem());
    }

    /// <summary>The commitment, its promisor named as the deal names the party (never by an alias).</summary>
    public static CommitmentMade Decide(Guid commitmentId, NewCommitment c, Deal deal) => new(
        commitmentId,
        deal.Id,
        deal.PartyNamed(c.Promisor).Name,
        c.Beneficiary, c.Title, c.Category, c.Target, c.DueOn, c.Binding, c.MadeOn, c.Sources)
    {
        Alternative = c.Alternative,
    };
}

public static class MakeCommitmentEndpoint
{
    [Tags(Capability.Commitments), EndpointSummary("Record a commitment made in a deal")]
    [WolverinePost("/api/deals/{dealId}/commitments", OperationId = "makeCommitment")]
    [Authorize(Policy = Policies.Curator), DeduplicatedWithResponse(DeduplicationScope.User, Required = false)]
    [ProducesResponseType<Created>(StatusCodes.Status201Created)]
    public static Task<IResult> Post(
        MakeCommitment request, Guid dealId, ClaimsPrincipal user, HttpContext http, IMessageBus bus,
        IDocumentSession session) =>
        request is null
            ? Writes.BodyRequired()
            : bus.CreateAsync(new MakeCommitmentCommand(
                dealId, Writes.NewId(http, "commitment"), request, Caller.From(user)!),
                http, session);
}
