using Ledger.Infrastructure.Http;
using Ledger.Organizations.Keys;
using Ledger.Transparency.Receipts;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine;

namespace Ledger.Infrastructure.Writing;

/// <summary>
/// A write as its Wolverine handler receives it, whichever way it came in (a REST route, a web form, the seed loader):
/// the handler is the one place that loads, checks, decides and appends; <see cref="By"/> is who the events are recorded by.
/// </summary>
public interface IWrite
{
    Caller By { get; }
}

/// <summary>What a write appended: the event at <see cref="Version"/> of <see cref="StreamId"/>, which its receipt names.</summary>
public interface IAppended
{
    Guid StreamId { get; }
    long Version { get; }

    /// <summary>The event's sequence, when the writer that committed it said (a group commit does): no lookup then.</summary>
    long? Sequence => null;
}

/// <summary>What a write handler answers: what it appended, or the problem for which it appended nothing.</summary>
public sealed record Outcome<T>(T? Appended, ProblemDetails? Refusal) where T : class, IAppended
{
    public static implicit operator Outcome<T>(T appended) => new(appended, null);

    public static implicit operator Outcome<T>(ProblemDetails refusal) => new(null, refusal);
}

/// <summary>How a REST route or a page hands a write to its handler, and answers once it has committed.</summary>
public static class Writes
{
    /// <summary>
    /// The id of what a route's write creates: derived from the caller's API key and the request's Idempotency-Key when
    /// it has one, so that a retry, even one that the replay record missed (the process stopped between the write's commit
    /// and its own), names the same thing and is refused rather than recorded twice; else a new id.
    /// </summary>
    public static Guid NewId(HttpContext http, string what)
    {
        string? key = http.Request.Headers[IdempotencyHeader];
        return string.IsNullOrWhiteSpace(key) || Caller.From(http.User) is not { } caller
            ? Guid.CreateVersion7()
            : IdFrom(caller, key, what);
    }

    /// <summary>The id a caller's Idempotency-Key gives what it creates: the same for every retry.</summary>
    public static Guid IdFrom(Caller caller, string idempotencyKey, string what) =>
        DeterministicIds.From($"{what}:{caller.KeyId}:{idempotencyKey}");

    public const string IdempotencyHeader = "Idempotency-Key";

    /// <summary>
    /// A JSON body of <c>null</c> reaches a route as no request at all: it is answered 400, naming the body, before
    /// anything is sent.
    /// </summary>
    public static Task<IResult> BodyRequired() => Task.FromResult(Results.Problem(
        new Validation.FieldErrors().Add("$", "a JSON object is required").ToProblem()));

    /// <summary>Invokes the write's handler, under the request's correlation id; returns once the events are committed.</summary>
    public static Task<Outcome<T>> WriteAsync<T>(this IMessageBus bus, IWrite write, HttpContext http)
        where T : class, IAppended =>
        bus.InvokeAsync<Outcome<T>>(write,
            new DeliveryOptions { CorrelationId = EventAttribution.CorrelationIdOf(http) }, http.RequestAborted);

    /// <summary>The REST answer: the refusal as problem+json, or <paramref name="answer"/> with the receipt.</summary>
    public static async Task<IResult> AnswerAsync<T>(
        this Outcome<T> outcome, IQuerySession session, Func<T, Receipt, IResult> answer, CancellationToken ct)
        where T : class, IAppended
    {
        if (outcome.Refusal is { } problem) return Results.Problem(problem);
        var appended = outcome.Appended!;
        return answer(appended, appended.Sequence is { } sequence
            ? new Receipt(sequence)
            : await Receipt.OfAsync(session, appended.StreamId, appended.Version, ct));
    }

    /// <summary>Invokes a write that creates something and answers 201 Created with its receipt, or the refusal.</summary>
    public static async Task<IResult> CreateAsync(this IMessageBus bus, IWrite write, HttpContext http, IQuerySession session)
    {
        var outcome = await bus.WriteAsync<Appended>(write, http);
        return await outcome.AnswerAsync(session, (appended, receipt) =>
            TypedResults.Created(appended.Location, new Created(appended.Id, appended.Version, receipt)), http.RequestAborted);
    }

    /// <summary>Whether a check found a problem (Wolverine's <c>NoProblems</c> means it found none).</summary>
    public static bool Refuses(this ProblemDetails problem) => !ReferenceEquals(problem, Wolverine.Http.WolverineContinue.NoProblems);

    /// <summary>The version the next event appended to <paramref name="stream"/> will have.</summary>
    public static long NextVersion<T>(this JasperFx.Events.IEventStream<T> stream) where T : class =>
        (stream.StartingVersion ?? 0) + 1;
}
