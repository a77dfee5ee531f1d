using Ledger.Infrastructure.Auth;
using Ledger.Infrastructure.Http;
using Ledger.Infrastructure.Validation;
using Ledger.Sourcing;
using Marten;
using JasperFx.Events;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Ledger.Transparency.Receipts;

namespace Ledger.Deals.Announcing;

public sealed record RecordAnnouncement(
    string? Speaker, string? SpeakerRole, DateOnly? MadeOn, string? Statement, string? Language, IReadOnlyList<SourceInput?>? Sources);

public static class RecordAnnouncementEndpoint
{
    public static Task<IEventStream<Deal>> LoadAsync(Guid dealId, IDocumentSession session, CancellationToken ct) =>
        session.Events.FetchForWriting<Deal>(dealId, ct);

    public static ProblemDetails Validate(RecordAnnouncement command, IEventStream<Deal> deal, Guid dealId, TimeProvider clock) =>
        deal.Aggregate is null ? Problems.NotFound("Deal", dealId) : Check(command, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));

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
        dealId, announcementId, command.Speaker!.Trim(), command.SpeakerRole!.Trim(), command.MadeOn!.Value, command.Statement!.Trim(),
        command.Language!, [.. command.Sources!.Select(s => s!.ToSource())]);

    [WolverinePost("/api/deals/{dealId}/announcements", OperationId = "recordAnnouncement"), Authorize(Policy = Policies.Curator)]
    [DeduplicatedWithResponse(DeduplicationScope.User, Required = false)]
    public static Created Post(RecordAnnouncement command, Guid dealId, IEventStream<Deal> deal)
    {
        var announcementId = Guid.CreateVersion7();
        var receipt = Receipt.AppendTo(deal, Decide(command, dealId, announcementId));
        return new Created(announcementId, receipt.Version, $"/api/deals/{dealId}", receipt);
    }
}
