using Ledger.Commitments;
using Ledger.Infrastructure.Auth;
using Ledger.Infrastructure.Http;
using Ledger.Infrastructure.Validation;
using Ledger.Sourcing;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;
using Ledger.Transparency.Receipts;

namespace Ledger.Observations.Submitting;

public sealed record FindingInput(Assessment? Assessment, decimal? Amount);

public sealed record LocationInput(string? Place, double? Lat, double? Lon);

public sealed record EvidenceInput(string? Sha256, string? MediaType, string? Url, string? Title);

/// <summary>An observation; <c>sources</c> is optional, for findings published elsewhere (an audit report, a press account).</summary>
public sealed record SubmitObservation(
    DateOnly? ObservedOn, FindingInput? Finding, string? Narrative, string? Language, LocationInput? Location,
    IReadOnlyList<EvidenceInput?>? Evidence, IReadOnlyList<SourceInput?>? Sources = null);

public sealed record ObservationReceived(
    Guid Id, string Status, long Version, [property: System.Text.Json.Serialization.JsonIgnore] string Location, Receipt Receipt)
    : IHttpAware
{
    public static void PopulateMetadata(System.Reflection.MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new Microsoft.AspNetCore.Http.ProducesResponseTypeMetadata(StatusCodes.Status201Created, typeof(ObservationReceived), ["application/json"]));

    public void Apply(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status201Created;
        context.Response.Headers.Location = Location;
    }
}

public static class SubmitObservationEndpoint
{
    public const string IdempotencyHeader = "Idempotency-Key";

    public static Task<Commitment?> LoadAsync(Guid commitmentId, IDocumentSession session, CancellationToken ct) =>
        session.LoadAsync<Commitment>(commitmentId, ct);

    public static ProblemDetails Validate(SubmitObservation command, Commitment? commitment, Guid commitmentId, TimeProvider clock)
    {
        if (commitment is null) return Problems.NotFound("Commitment", commitmentId);
        var errors = new FieldErrors()
            .Required("observedOn", command.ObservedOn)
            .NotInFuture("observedOn", command.ObservedOn, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime))
            .Text("narrative", command.Narrative, 10000)
            .Language("language", command.Language);
        if (command.ObservedOn < commitment.MadeOn.AddYears(-1))
            errors.Add("observedOn", "is long before the commitment was made");

        if (command.Finding is null) errors.Add("finding", "is required");
        else errors.Required("finding.assessment", command.Finding.Assessment).Amount("finding.amount", command.Finding.Amount, required: false);

        if (command.Location is { } location)
        {
            errors.Text("location.place", location.Place, 300);
            if (location.Lat is null != location.Lon is null) errors.Add("location", "give both lat and lon, or neither");
            if (location.Lat is < -90 or > 90) errors.Add("location.lat", "must be between -90 and 90");
            if (location.Lon is < -180 or > 180) errors.Add("location.lon", "must be between -180 and 180");
        }

        var evidence = command.Evidence ?? [];
        if (evidence.Count > 50) errors.Add("evidence", "at most 50 items");
        for (var i = 0; i < evidence.Count; i++)
        {
            var at = $"evidence[{i}]";
            if (evidence[i] is not { } item) { errors.Add(at, "must be an object"); continue; }
            if (item.Sha256 is null || item.Sha256.Length != 64 || !item.Sha256.All(char.IsAsciiHexDigit))
                errors.Add($"{at}.sha256", "must be the 64 hexadecimal digits of the file's SHA-256");
            if (string.IsNullOrWhiteSpace(item.MediaType) || item.MediaType.Length > 100 || item.MediaType.Count(c => c == '/') != 1)
                errors.Add($"{at}.mediaType", "must be a media type such as 'image/jpeg'");
            errors.Url($"{at}.url", item.Url, required: false).Text($"{at}.title", item.Title, 300, required: false);
        }
        if (command.Sources is not null) errors.Sources("sources", command.Sources);
        return errors.ToProblem();
    }

    public static ObservationSubmitted Decide(
        SubmitObservation command, Commitment commitment, Caller caller, Guid observationId, DateTimeOffset now) => new(
        observationId,
        commitment.Id,
        commitment.DealId,
        command.ObservedOn!.Value,
        caller.OrganizationId,
        caller.OrganizationName,
        new Finding(command.Finding!.Assessment!.Value, command.Finding.Amount),
        command.Narrative!.Trim(),
        command.Language!,
        command.Location is { } l ? new Location(l.Place!.Trim(), l.Lat, l.Lon) : null,
        [.. (command.Evidence ?? []).Select(e => new Evidence(e!.Sha256!.ToLowerInvariant(), e.MediaType!.Trim(), Optional(e.Url), Optional(e.Title)))],
        now) { Sources = [.. (command.Sources ?? []).Select(s => s!.ToSource())] };

    // Validation lets a blank url or title through as "not given", so it is recorded as absent, not as "".
    static string? Optional(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>The observation's id, from the caller's key and its idempotency key: the REST route and the web form share it.</summary>
    public static Guid ObservationIdFor(Caller caller, string idempotencyKey) =>
        DeterministicIds.From($"observation:{caller.KeyId}:{idempotencyKey}");

    /// <summary>
    /// Observers are often on flaky connections, so an Idempotency-Key is required: a retry replays the first answer, and the
    /// observation's id derives from the key, so even a retry after the replay window cannot record a second copy.
    /// </summary>
    [WolverinePost("/api/commitments/{commitmentId}/observations", OperationId = "submitObservation"), Authorize(Policy = Policies.Observer)]
    [DeduplicatedWithResponse(DeduplicationScope.User, Required = true)]
    public static (ObservationReceived, IStartStream) Post(SubmitObservation command, Commitment commitment, HttpContext http, TimeProvider clock)
    {
        var caller = Caller.From(http.User)!;
        var observationId = ObservationIdFor(caller, http.Request.Headers[IdempotencyHeader].ToString());
        var submitted = Decide(command, commitment, caller, observationId, clock.GetUtcNow());
        return (new ObservationReceived(observationId, "pending", 1, $"/api/observations/{observationId}", Receipt.For(submitted, observationId, 1)),
            MartenOps.StartStream<Observation>(observationId, submitted));
    }
}
