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

namespace Ledger.Deals.Announcing;

public sealed record RecordAnnouncement(
    string? Speaker, string? SpeakerRole, DateOnly? MadeOn, string? Statement, string? Language,
    IReadOnlyList<SourceInput?>? Sources);

public sealed record RecordAnnouncementCommand(Guid DealId, RecordAnnouncement Request, Caller By) : IWrite;

public static class RecordAnnouncementHandler
{
    public static Outcome<Appended> Handle(
        RecordAnnouncementCommand command, [WriteAggregate(Required = false)] IEventStream<Deal> deal, TimeProvider clock)
    {
        if (deal.Aggregate is null) return Problems.NotFound("Deal", command.DealId);
        if (Check(command.Request, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime)) is var problem && problem.Refuses())
            return problem;
        var announcementId = Guid.CreateVersion7();
        var version = deal.NextVersion();
        deal.AppendOne(Decide(command.Request, deal.Id, announcementId));
        return new Appended(announcementId, deal.Id, version, $"/api/deals/{deal.Id}");
    }

    /// <summary>The rules, once the deal is known to exist.</summary>
    public static ProblemDetails Check(RecordAnnouncement command, DateOnly today) => new FieldErrors()
        .Text("speaker", command.Speaker, 200)
        .Text("speakerRole", command.SpeakerRole, 200)
        .Required("madeOn", command.MadeOn)
        .NotInFuture("madeOn", command.MadeOn, today)
        .Text("statement", command.Statement, 10000)
        .Language("language", command.Language)
        .Sources("sources", command.Sources)
        .ToProblem();

    public static AnnouncementRecorded Decide(RecordAnnouncement command, Guid dealId, Guid announcementId) => new(
        dealId, announcementId, command.Speaker!.Trim(), command.SpeakerRole!.Trim(), command.MadeOn!.Value,
        command.Statement!.Trim(), command.Language!, [.. command.Sources!.Select(s => s!.ToSource())]);
}

public static class RecordAnnouncementEndpoint
{
    [WolverinePost("/api/deals/{dealId}/announcements", OperationId = "recordAnnouncement")]
    [Authorize(Policy = Policies.Curator), DeduplicatedWithResponse(DeduplicationScope.User, Required = false)]
    [ProducesResponseType<Created>(StatusCodes.Status201Created)]
    public static Task<IResult> Post(
        RecordAnnouncement request, Guid dealId, ClaimsPrincipal user, HttpContext http, IMessageBus bus,
        IDocumentSession session) =>
        bus.CreateAsync(new RecordAnnouncementCommand(dealId, request, Caller.From(user)!), http, session);
}
