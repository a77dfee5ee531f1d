using System.Security.Claims;
using Ledger.Commitments;
using Ledger.Infrastructure;
using Ledger.Infrastructure.Http;
using Ledger.Infrastructure.OpenApi;
using Ledger.Infrastructure.Validation;
using Ledger.Infrastructure.Writing;
using Ledger.Observations.Sealing;
using Ledger.Organizations.Keys;
using Ledger.Sourcing;
using Ledger.Transparency.Receipts;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;
using Wolverine.Persistence;

namespace Ledger.Observations.Submitting;

public sealed record FindingInput(Assessment? Assessment, decimal? Amount);

public sealed record LocationInput(string? Place, double? Lat, double? Lon);

public sealed record EvidenceInput(string? Sha256, string? MediaType, string? Url, string? Title);

/// <summary>
/// An observation; <c>sources</c> is optional, for findings published elsewhere (an audit report, a press account).
/// <c>observer</c> is a pseudonym the organization gives its observer (public); <c>contact</c> how to reach them (a phone
/// number, an e-mail address or a Signal handle), never public: both are sealed with the narrative and the position.
/// </summary>
public sealed record SubmitObservation(
    DateOnly? ObservedOn, FindingInput? Finding, string? Narrative, string? Language, LocationInput? Location,
    IReadOnlyList<EvidenceInput?>? Evidence, IReadOnlyList<SourceInput?>? Sources = null, string? Observer = null,
    string? Contact = null)
{
    /// <summary>The request read once into what its decision takes, or every field that is wrong with it.</summary>
    public (NewObservation? Observation, FieldErrors Errors) Parse(DateOnly today)
    {
        var errors = new FieldErrors()
            .Required("observedOn", ObservedOn)
            .NotInFuture("observedOn", ObservedOn, today)
            .Text("narrative", Narrative, 10000)
            .Language("language", Language);
        if (Finding is null) errors.Add("finding", "is required");
        else errors.Required("finding.assessment", Finding.Assessment).Amount("finding.amount", Finding.Amount, required: false);

        if (Location is { } location)
        {
            errors.Text("location.place", location.Place, 300);
            if (location.Lat is null != location.Lon is null) errors.Add("location", "give both lat and lon, or neither");
            if (location.Lat is < -90 or > 90) errors.Add("location.lat", "must be between -90 and 90");
            if (location.Lon is < -180 or > 180) errors.Add("location.lon", "must be between -180 and 180");
        }

        var evidence = Evidence ?? [];
        if (evidence.Count > 50) errors.Add("evidence", "at most 50 items");
        for (var i = 0; i < evidence.Count; i++)
        {
            var at = $"evidence[{i}]";
            if (evidence[i] is not { } item) { errors.Add(at, "must be an object"); continue; }
            if (item.Sha256 is null || item.Sha256.Length != 64 || !item.Sha256.All(char.IsAsciiHexDigit))
                errors.Add($"{at}.sha256", "must be the 64 hexadecimal digits of the file's SHA-256");
            if (string.IsNullOrWhiteSpace(item.MediaType) || item.MediaType.Length > 100
                || item.MediaType.Count(c => c == '/') != 1)
                errors.Add($"{at}.mediaType", "must be a media type such as 'image/jpeg'");
            errors.Url($"{at}.url", item.Url, required: false).Text($"{at}.title", item.Title, 300, required: false);
        }
        if (Sources is not null) errors.Sources("sources", Sources);
        if (Observer is not null && !ObserverContact.IsPseudonym(Observer))
            errors.Add("observer", ObserverContact.PseudonymRule);
        if (Contact is not null && !ObserverContact.IsContact(Contact)) errors.Add("contact", ObserverContact.ContactRule);
        if (errors.Any) return (null, errors);

        return (new NewObservation(
            ObservedOn!.Value,
            new Finding(Finding!.Assessment!.Value, Finding.Amount),
            Narrative!.Trim(),
            Language!,
            Location is { } l ? new Location(l.Place!.Trim(), l.Lat, l.Lon) : null,
            [.. evidence.Select(e => new Evidence(e!.Sha256!.ToLowerInvariant(), e.MediaType!.Trim(), OptionalText.Of(e.Url), OptionalText.Of(e.Title)))],
            [.. (Sources ?? []).Select(s => s!.ToSource())], OptionalText.Of(Observer), OptionalText.Of(Contact)), errors);
    }
}

public sealed record ObservationReceived(Guid Id, string Status, long Version, Receipt Receipt);

/// <summary>An observation as read from its request: complete and non-null, but for what it may leave out.</summary>
public sealed record NewObservation(
    DateOnly ObservedOn, Finding Finding, string Narrative, string Language, Location? Location,
    IReadOnlyList<Evidence> Evidence, IReadOnlyList<Source> Sources, string? Observer = null, string? Contact = null)
{
    /// <summary>What is sealed: everything that could lead to the observer.</summary>
    public ObserverDetails Details => new(
        Narrative, Location?.Lat, Location?.Lon, [.. Evidence.Select(e => e.Url)], Observer, Contact);
}

/// <summary>
/// A submission as its handler receives it, from the REST route, the web form or the seeds. The observation is the
/// <see cref="ObservedBy"/> organization's; <see cref="By"/> is who records it (the same, but for seeded findings).
/// </summary>
public sealed record SubmitObservationCommand(Guid CommitmentId, Guid ObservationId, SubmitObservation Request, Caller By)
    : IWrite
{
    public Caller ObservedBy { get; init; } = By;
}

/// <summary>
/// The observation's stream; <see cref="AlreadyRecorded"/> when this id was recorded before (a resubmission), and then
/// <see cref="SameRequest"/> says whether by this very request (a retry), by another, or, with no record of it, null.
/// </summary>
public sealed record ObservationRecorded(Guid StreamId, long Version, bool AlreadyRecorded) : IAppended
{
    public long? Sequence { get; init; }

    public bool? SameRequest { get; init; }
}

/// <summary>
/// The idempotency record of a submission: a digest of the request an observation id was recorded for, committed with
/// the observation itself, so a retry is told apart from another request sent with the same Idempotency-Key.
/// </summary>
public sealed record SubmittedRequest(Guid Id, string Digest)
{
    /// <summary>The commitment and every field of the request as read, whatever the JSON's spacing or order.</summary>
    public static string DigestOf(SubmitObservationCommand command) => Convert.ToHexString(
        System.Security.Cryptography.SHA256.HashData(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(
            new { command.CommitmentId, command.Request, ObservedBy = command.ObservedBy.OrganizationId }, AnyNumber)));

    // A retry of a request refused for an out-of-range number (1e400 reads as infinity) must still have a digest.
    static readonly System.Text.Json.JsonSerializerOptions AnyNumber =
        new() { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };
}

public static class SubmitObservationHandler
{
    /// <summary>Who holds the pseudonym asked for in the observing organization, if anyone does yet.</summary>
    public static async Task<PseudonymClaim?> LoadAsync(
        SubmitObservationCommand command, IDocumentSession session, ObservationSealing sealing, CancellationToken ct) =>
        command.Request.Observer is { } pseudonym && ObserverContact.IsPseudonym(pseudonym)
            ? await session.LoadAsync<PseudonymClaim>(
                sealing.PseudonymClaimId(command.ObservedBy.OrganizationId, pseudonym.Trim()), ct)
            : null;

    /// <summary>
    /// The stream, the observation's data key, its idempotency record and, for a pseudonym used for the first time, its
    /// claim: all in the one transaction, so no observation is ever stored without the key that opens it. The writer
    /// commits them together with the other submissions waiting; this answers once that transaction has committed.
    /// </summary>
    public static async Task<Outcome<ObservationRecorded>> Handle(
        SubmitObservationCommand command,
        [ReadAggregate(Required = false)] Commitment? commitment,
        [Entity(Required = false)] Observation? existing,
        [Entity(nameof(SubmitObservationCommand.ObservationId), Required = false)] SubmittedRequest? submitted,
        PseudonymClaim? pseudonym,
        ObservationSealing sealing, TimeProvider clock, GroupCommit writer, IDocumentSession session)
    {
        var (outcome, stream, key, claim, request) = Plan(command, commitment, existing, submitted, pseudonym, sealing, clock);
        if (outcome.Appended is not { AlreadyRecorded: false } recorded) return outcome;
        try
        {
            var sequences = await writer.AppendAsync(session, stream, key, claim, request);
            return recorded with { Sequence = sequences[0] };
        }
        catch (Marten.Exceptions.ExistingStreamIdCollisionException)
        {
            // A retry sent while its first attempt was still being decided: that one committed first.
            return new ObservationRecorded(command.ObservationId, 1, AlreadyRecorded: true);
        }
    }

    /// <summary>What the submission appends, or why nothing: pure, given what Wolverine loaded for it.</summary>
    public static (Outcome<ObservationRecorded>, IMartenOp Stream, IMartenOp Key, IMartenOp Pseudonym, IMartenOp Request) Plan(
        SubmitObservationCommand command, Commitment? commitment, Observation? existing, SubmittedRequest? submitted,
        PseudonymClaim? pseudonym, ObservationSealing sealing, TimeProvider clock)
    {
        var nothing = MartenOps.Nothing();
        var digest = SubmittedRequest.DigestOf(command);
        if (existing is not null) return (Resubmitted(existing, submitted, digest), nothing, nothing, nothing, nothing);
        if (commitment is null)
            return (Problems.NotFound("Commitment", command.CommitmentId), nothing, nothing, nothing, nothing);
        var by = command.ObservedBy;
        var (observation, problem) = Check(command.Request, commitment, pseudonym, by, clock.Today());
        if (observation is null) return (problem, nothing, nothing, nothing, nothing);

        var (details, key) = sealing.Seal(command.ObservationId, observation.Details);
        var claim = observation.Observer is { } name && pseudonym is null
            ? (IMartenOp)MartenOps.Insert(new PseudonymClaim(sealing.PseudonymClaimId(by.OrganizationId, name), by.OrganizationId, by.KeyId))
            : nothing;
        var observed = Decide(command.ObservationId, observation, commitment, by, clock.GetUtcNow(), details);
        return (new ObservationRecorded(command.ObservationId, 1, AlreadyRecorded: false),
            MartenOps.StartStream<Observation>(command.ObservationId, observed), MartenOps.Insert(key), claim,
            MartenOps.Insert(new SubmittedRequest(command.ObservationId, digest)));
    }

    /// <summary>An id already recorded, by the same request as this one or not, as far as its record tells.</summary>
    public static ObservationRecorded Resubmitted(Observation existing, SubmittedRequest? submitted, string digest) =>
        new(existing.Id, 1, AlreadyRecorded: true) { SameRequest = submitted is null ? null : submitted.Digest == digest };

    /// <summary>The request's fields and the rules that need the commitment and the pseudonym's holder, in one answer.</summary>
    public static (NewObservation? Observation, ProblemDetails Problem) Check(
        SubmitObservation request, Commitment commitment, PseudonymClaim? pseudonym, Caller observer, DateOnly today)
    {
        var (observation, errors) = request.Parse(today);
        if (request.ObservedOn < commitment.MadeOn.AddYears(-1))
            errors.Add("observedOn", "is long before the commitment was made");
        if (pseudonym is not null && pseudonym.KeyId != observer.KeyId)
            errors.Add("observer", "is the pseudonym of another observer of your organization: choose another");
        return (errors.Any ? null : observation, errors.ToProblem());
    }

    /// <summary>
    /// The submission, with the observer's details only as <paramref name="details"/> sealed them: in the clear it keeps
    /// the finding, the place name, the evidence's hashes and titles, and what the narrative was flagged for.
    /// </summary>
    public static ObservationSubmitted Decide(
        Guid observationId, NewObservation o, Commitment commitment, Caller observer, DateTimeOffset now, Sealed details) =>
        new(observationId, commitment.Id, commitment.DealId, o.ObservedOn, observer.OrganizationId, observer.OrganizationName,
            o.Finding, null, o.Language, o.Location is { } l ? new Location(l.Place, null, null) : null,
            [.. o.Evidence.Select(e => e with { Url = null })], now)
        {
            Sources = o.Sources, Sealed = details, NarrativeFlags = NarrativeScreening.Flags(o.Narrative),
        };
}

public static class SubmitObservationEndpoint
{
    public const string IdempotencyHeader = Writes.IdempotencyHeader;

    /// <summary>The observation's id, from the caller's key and its idempotency key: the REST route and the web form share it.</summary>
    public static Guid ObservationIdFor(Caller caller, string idempotencyKey) =>
        Writes.IdFrom(caller, idempotencyKey, "observation");

    /// <summary>
    /// Observers are often on flaky connections, so an Idempotency-Key is required: a retry gets the first answer again,
    /// and the observation's id derives from the key, so even a retry long after cannot record a second copy. The
    /// idempotency record (<see cref="SubmittedRequest"/>) commits with the observation, in the writer's transaction,
    /// rather than after it as Wolverine's replay record does for the other routes.
    /// </summary>
    [Tags(Capability.Observations), EndpointSummary("Submit an observation of a commitment")]
    [WolverinePost("/api/commitments/{commitmentId}/observations", OperationId = "submitObservation")]
    [Authorize(Policy = Policies.Observer)]
    [ProducesResponseType<ObservationReceived>(StatusCodes.Status201Created)]
    public static async Task<IResult> Post(
        SubmitObservation request, Guid commitmentId, [FromHeader(Name = IdempotencyHeader)] string idempotencyKey,
        ClaimsPrincipal user, HttpContext http, IMessageBus bus, IDocumentSession session)
    {
        if (string.IsNullOrWhiteSpace(idempotencyKey))
            return Results.Problem(new FieldErrors().Add(IdempotencyHeader, "is required").ToProblem());
        if (request is null) return await Writes.BodyRequired();
        var caller = Caller.From(user)!;
        var command = new SubmitObservationCommand(commitmentId, ObservationIdFor(caller, idempotencyKey), request, caller);
        var outcome = await bus.WriteAsync<ObservationRecorded>(command, http);
        // A retry gets the first answer again; another request with the same key 422; one with no record of it 409.
        if (outcome.Appended is { AlreadyRecorded: true, SameRequest: false })
            return Results.Problem(Problems.IdempotencyKeyReused());
        if (outcome.Appended is { AlreadyRecorded: true, SameRequest: null })
            return Results.Problem(Problems.Conflict("Something with this id has already been recorded."));
        return await outcome.AnswerAsync(session, (recorded, receipt) => TypedResults.Created(
            $"/api/observations/{recorded.StreamId}", new ObservationReceived(recorded.StreamId, "pending", 1, receipt)),
            http.RequestAborted);
    }
}
