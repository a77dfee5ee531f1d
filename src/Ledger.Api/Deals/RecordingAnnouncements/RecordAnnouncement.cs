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

namespace Ledger.Deals.RecordingAnnouncements;

public sealed record RecordAnnouncement(
    string? Speaker, string? SpeakerRole, DateOnly? MadeOn, string? Statement, string? Language,
    IReadOnlyList<SourceInput?>? Sources)
{
    /// <summary>The request read once into what its decision takes, or every field that is wrong with it.</summary>
    public (NewAnnouncement? Announcement, FieldErrors Errors) Parse(DateOnly today)
    {
        var errors = new FieldErrors()
            .Text("speaker", Speaker, 200)
            .Text("speakerRole", SpeakerRole, 200)
            .Required("madeOn", MadeOn)
            .NotInFuture("madeOn", MadeOn, today)
            .Text("statement", Statement, 10000)
            .Language("language", Language)
            .Sources("sources", Sources);
        return (errors.Any ? null : new NewAnnouncement(Speaker!.Trim(), SpeakerRole!.Trim(), MadeOn!.Value,
            Statement!.Trim(), Language!, Sources!.ToSources()), errors);
    }
}

/// <summary>An announcement as read from its request: complete and non-null.</summary>
public sealed record NewAnnouncement(
    string Speaker, string SpeakerRole, DateOnly MadeOn, string Statement, string Language, IReadOnlyList<Source> Sources);

public sealed record RecordAnnouncementCommand(Guid DealId, Guid AnnouncementId, RecordAnnouncement Request, Caller By)
    : IWrite;

public static class RecordAnnouncementHandler
{
    public static Outcome<Appended> Handle(
        RecordAnnouncementCommand command, [WriteAggregate(Required = false)] IEventStream<Deal> deal, TimeProvider clock)
    {
        if (deal.Aggregate is not { } known) return Problems.NotFound("Deal", command.DealId);
        if (known.Announcements.Any(a => a.Id == command.AnnouncementId)) return Problems.AlreadyRecorded("announcement");
        var (announcement, errors) = command.Request.Parse(clock.Today());
        if (announcement is null) return errors.ToProblem();
        var version = deal.NextVersion();
        deal.AppendOne(Decide(command.DealId, command.AnnouncementId, announcement));
        return new Appended(command.AnnouncementId, deal.Id, version, $"/api/deals/{deal.Id}");
    }

    public static AnnouncementRecorded Decide(Guid dealId, Guid announcementId, NewAnnouncement a) => new(
        dealId, announcementId, a.Speaker, a.SpeakerRole, a.MadeOn, a.Statement, a.Language, a.Sources);
}

public static class RecordAnnouncementEndpoint
{
    [Tags(Capability.Deals), EndpointSummary("Record an announcement about a deal")]
    [WolverinePost("/api/deals/{dealId}/announcements", OperationId = "recordAnnouncement")]
    [Authorize(Policy = Policies.Curator), DeduplicatedWithResponse(DeduplicationScope.User, Required = false)]
    [ProducesResponseType<Created>(StatusCodes.Status201Created)]
    public static Task<IResult> Post(
        RecordAnnouncement request, Guid dealId, ClaimsPrincipal user, HttpContext http, IMessageBus bus,
        IDocumentSession session) =>
        request is null
            ? Writes.BodyRequired()
            : bus.CreateAsync(new RecordAnnouncementCommand(
                dealId, Writes.NewId(http, "announcement"), request, Caller.From(user)!),
                http, session);
}
