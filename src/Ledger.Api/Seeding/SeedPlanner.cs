using System.Text.RegularExpressions;
using Ledger.Commitments;
using Ledger.Commitments.ClaimingDelivery;
using Ledger.Commitments.Making;
using Ledger.Commitments.Revising;
using Ledger.Deals;
using Ledger.Deals.Amending;
using Ledger.Deals.RecordingAnnouncements;
using Ledger.Deals.Registering;
using Ledger.Infrastructure;
using Ledger.Infrastructure.Http;
using Ledger.Infrastructure.Writing;
using Ledger.Measuring;
using Ledger.Measuring.Registering;
using Ledger.Observations;
using Ledger.Observations.Moderating;
using Ledger.Observations.Submitting;
using Ledger.Organizations;
using Ledger.Organizations.Keys;
using Ledger.Sourcing;
using Microsoft.AspNetCore.Mvc;
using Wolverine;
using Wolverine.Http;

namespace Ledger.Seeding;

public enum StreamKind { Deal, Commitment, Observation, Unit }

/// <summary>Events for one stream: a new stream to start, or more events for one already recorded.</summary>
public sealed record StreamWrite(StreamKind Kind, Guid StreamId, bool IsNew, IReadOnlyList<object> Events);

/// <summary>One statement of a file as its handler receives it, and how to hand it over and learn whether it was refused.</summary>
public sealed record PlannedCommand(IWrite Command, Func<IMessageBus, DeliveryOptions, CancellationToken, Task<ProblemDetails?>> Send)
{
    public static PlannedCommand Of<T>(IWrite command) where T : class, IAppended =>
        new(command, async (bus, options, ct) => (await bus.InvokeAsync<Outcome<T>>(command, options, ct)).Refusal);
}

/// <summary>
/// What loading a file adds: the commands, in order, that its statements become, the events they will append stream by
/// stream, and how many of its statements the ledger already holds.
/// </summary>
public sealed record SeedPlan(
    string File, string Case, IReadOnlyList<PlannedCommand> Commands, IReadOnlyList<StreamWrite> Writes, int AlreadyRecorded,
    IReadOnlyList<string> Observers)
{
    public int EventCount => Writes.Sum(w => w.Events.Count);
}

/// <summary>The seed's streams as the ledger holds them now (all empty for a ledger that has none of them).</summary>
public sealed record LedgerState(
    Deal? Deal, IReadOnlyDictionary<Guid, Commitment> Commitments, IReadOnlyDictionary<Guid, Observation> Observations)
{
    public static readonly LedgerState Empty = new(null, new Dictionary<Guid, Commitment>(), new Dictionary<Guid, Observation>());

    /// <summary>The units the ledger knows: the built-in ones and those registered.</summary>
    public UnitCatalogue Units { get; init; } = UnitCatalogue.BuiltIn;
}

/// <summary>
/// Turns a seed file into the commands the API's routes send (read by the same <c>Parse</c>), checked by the same rules
/// (<c>Check</c>) and decided by the same decisions (<c>Decide</c>) as their handlers, statement by statement, skipping
/// those already recorded. Nothing here reads or writes the database: the loader sends the commands to the handlers.
/// </summary>
public static partial class SeedPlanner
{
    /// <summary>The organization every seeded statement is recorded by.</summary>
    static readonly Ledger.Observations.Sealing.Sealed NotYetSealed = new("", "");

    public static readonly Caller Recorder =
        new(OrganizationIdOf("Ledger seed data"), "Ledger seed data", "seed", Role.Curator);

    public static Guid IdOf(string seedCase, string key) => DeterministicIds.From($"seed:{seedCase}:{key}");

    /// <summary>An observing organization named in a seed file that is not yet registered gets this id.</summary>
    public static Guid OrganizationIdOf(string name) => DeterministicIds.From($"seed:organization:{name.Trim().ToLowerInvariant()}");

    /// <summary>Every stream id a file may write to, so its current state can be loaded before planning.</summary>
    public static (Guid Deal, IReadOnlyList<Guid> Commitments, IReadOnlyList<Guid> Observations) StreamIds(SeedFile seed)
    {
        var commitments = (seed.Commitments ?? []).OfType<SeedCommitment>().Where(c => Slug(c.Key)).ToList();
        return (seed.Case is { } c0 && seed.Deal?.Key is { } k ? IdOf(c0, k) : Guid.Empty,
            [.. commitments.Select(c => IdOf(seed.Case ?? "", c.Key!))],
            [
                .. commitments.SelectMany(c => c.Observations ?? []).OfType<SeedObservation>()
                    .Where(o => Slug(o.Key)).Select(o => IdOf(seed.Case ?? "", o.Key!)),
            ]);
    }

    /// <summary>
    /// Checks the whole file and plans its events. <paramref name="observerOf"/> names the organization (and key) an observation
    /// is recorded for. Any error means no plan: a file loads whole or not at all.
    /// </summary>
    public static (SeedPlan? Plan, IReadOnlyList<SeedError> Errors) Plan(
        string file, SeedFile seed, LedgerState state, Func<string, Caller> observerOf, TimeProvider clock)
    {
        var errors = new List<SeedError>();
        void Fail(string path, string reason) => errors.Add(new SeedError(file, path, reason));
        void Problem(string at, ProblemDetails problem)
        {
            if (ReferenceEquals(problem, WolverineContinue.NoProblems)) return;
            if (problem is ValidationProblemDetails invalid)
                foreach (var (field, messages) in invalid.Errors) foreach (var m in messages) Fail(SeedFiles.Child(at, field), m);
            else Fail(problem.Extensions.TryGetValue("field", out var f) && f is string field ? SeedFiles.Child(at, field) : at,
                problem.Detail ?? problem.Title ?? "is refused");
        }

        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        CheckShape(seed, Fail);
        if (errors.Count > 0) return (null, errors);

        var seedCase = seed.Case!;
        var recorded = 0;
        var writes = new List<StreamWrite>();
        var observers = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        // The units first, each a stream of its own, so that the commitments below may be measured in them.
        var commands = new List<PlannedCommand>();
        var units = state.Units;
        foreach (var (unit, at) in Each(seed.Units, "$.units"))
        {
            if (units.IsKnown(unit.Code)) { recorded++; continue; }
            var (definition, problem) = RegisterUnitHandler.Check(unit, units);
            Problem(at, problem);
            if (definition is null) continue;
            commands.Add(PlannedCommand.Of<Appended>(new RegisterUnitCommand(unit, Recorder)));
            writes.Add(new StreamWrite(StreamKind.Unit, RegisteredUnit.StreamIdOf(definition.Code), true,
                [RegisterUnitHandler.Decide(definition)]));
            units = units.With([definition]);
        }

        // The deal, its amendments and its announcements: one stream.
        var dealId = IdOf(seedCase, seed.Deal!.Key!);
        var dealEvents = new List<object>();
        var deal = state.Deal;
        if (deal is not null) recorded++;
        else
        {
            var request = seed.Deal.ToRequest();
            var (newDeal, fieldErrors) = request.Parse();
            Problem("$.deal", fieldErrors.ToProblem());
            if (newDeal is null) return (null, errors);
            var registered = RegisterDealHandler.Decide(dealId, newDeal, Recorder.OrganizationId);
            commands.Add(PlannedCommand.Of<Appended>(new RegisterDealCommand(dealId, request, Recorder)));
            dealEvents.Add(registered);
            deal = Deal.Create(registered);
        }

        var amendmentIds = new Dictionary<string, Guid>(StringComparer.Ordinal);
        foreach (var (amendment, at) in Each(seed.Amendments, "$.amendments"))
        {
            var id = amendmentIds[amendment.Key!] = IdOf(seedCase, amendment.Key!);
            if (deal.Amendments.Any(a => a.Id == id)) { recorded++; continue; }
            var request = amendment.ToRequest();
            var (newAmendment, fieldErrors) = request.Parse();
            Problem(at, fieldErrors.ToProblem());
            if (newAmendment is null) continue;
            var amended = AmendDealHandler.Decide(dealId, id, newAmendment);
            commands.Add(PlannedCommand.Of<Appended>(new AmendDealCommand(dealId, id, request, Recorder)));
            dealEvents.Add(amended);
            deal = deal.Apply(amended);
        }

        foreach (var (announcement, at) in Each(seed.Announcements, "$.announcements"))
        {
            var id = IdOf(seedCase, announcement.Key!);
            if (deal.Announcements.Any(a => a.Id == id)) { recorded++; continue; }
            var request = announcement.ToRequest();
            var (newAnnouncement, fieldErrors) = request.Parse(today);
            Problem(at, fieldErrors.ToProblem());
            if (newAnnouncement is null) continue;
            var announced = RecordAnnouncementHandler.Decide(dealId, id, newAnnouncement);
            commands.Add(PlannedCommand.Of<Appended>(new RecordAnnouncementCommand(dealId, id, request, Recorder)));
            dealEvents.Add(announced);
            deal = deal.Apply(announced);
        }
        if (dealEvents.Count > 0) writes.Add(new StreamWrite(StreamKind.Deal, dealId, state.Deal is null, dealEvents));

        // Each commitment with its revisions and claims: one stream; each observation: a stream of its own.
        foreach (var (seedCommitment, at) in Each(seed.Commitments, "$.commitments"))
        {
            var commitmentId = IdOf(seedCase, seedCommitment.Key!);
            var events = new List<object>();
            var isNew = !state.Commitments.TryGetValue(commitmentId, out var commitment);
            if (commitment is not null) recorded++;
            else
            {
                var request = seedCommitment.ToRequest();
                var (newCommitment, problem) = MakeCommitmentHandler.Check(request, deal, today, units);
                Problem(at, problem);
                if (newCommitment is null) continue;
                var made = MakeCommitmentHandler.Decide(commitmentId, newCommitment, deal);
                commands.Add(PlannedCommand.Of<Appended>(new MakeCommitmentCommand(dealId, commitmentId, request, Recorder)));
                events.Add(made);
                commitment = Commitment.Create(made);
            }

            foreach (var (revision, revisionAt) in Each(seedCommitment.Revisions, $"{at}.revisions"))
            {
                var id = IdOf(seedCase, revision.Key!);
                if (commitment.Revisions.Any(r => r.Id == id)) { recorded++; continue; }
                var request = revision.ToRequest(revision.Amendment is { } key ? amendmentIds[key] : null);
                var (newRevision, problem) = ReviseCommitmentHandler.Check(request, commitment, deal, units);
                var before = errors.Count;
                Problem(revisionAt, problem);
                if (newRevision is null)
                {
                    // The route names the amendment by id; a seed file names it by key.
                    for (var i = before; i < errors.Count; i++)
                        if (errors[i].Path.EndsWith(".amendmentId", StringComparison.Ordinal))
                            errors[i] = errors[i] with { Path = $"{revisionAt}.amendment" };
                    continue;
                }
                var revised = ReviseCommitmentHandler.Decide(commitment.Id, id, newRevision);
                commands.Add(PlannedCommand.Of<Appended>(new ReviseCommitmentCommand(commitment.Id, id, request, Recorder)));
                events.Add(revised);
                commitment = commitment.Apply(revised);
            }

            foreach (var (claim, claimAt) in Each(seedCommitment.Claims, $"{at}.claims"))
            {
                var id = IdOf(seedCase, claim.Key!);
                if (commitment.Claims.Any(c => c.Id == id)) { recorded++; continue; }
                var request = claim.ToRequest();
                var (newClaim, fieldErrors) = request.Parse(today);
                Problem(claimAt, fieldErrors.ToProblem());
                if (newClaim is null) continue;
                var claimed = ClaimDeliveryHandler.Decide(commitment.Id, id, newClaim);
                commands.Add(PlannedCommand.Of<Appended>(new ClaimDeliveryCommand(commitment.Id, id, request, Recorder)));
                events.Add(claimed);
                commitment = commitment.Apply(claimed);
            }
            if (events.Count > 0) writes.Add(new StreamWrite(StreamKind.Commitment, commitmentId, isNew, events));

            foreach (var (seedObservation, observationAt) in Each(seedCommitment.Observations, $"{at}.observations"))
            {
                var id = IdOf(seedCase, seedObservation.Key!);
                var observationEvents = new List<object>();
                var observationIsNew = !state.Observations.TryGetValue(id, out var observation);
                if (observation is not null) recorded++;
                else
                {
                    var request = seedObservation.ToRequest();
                    // Observed by the organization the file names, recorded by the seed data's recorder.
                    var observer = observerOf(seedObservation.Observer!.Trim());
                    var (newObservation, problem) = SubmitObservationHandler.Check(request, commitment, null, observer, today);
                    Problem(observationAt, problem);
                    if (newObservation is null) continue;
                    observers.Add(seedObservation.Observer!.Trim());
                    // The plan shows the event unsealed: the handler seals the details under a new key when it runs.
                    var submitted = SubmitObservationHandler.Decide(id, newObservation, commitment, observer, now, NotYetSealed);
                    commands.Add(PlannedCommand.Of<ObservationRecorded>(
                        new SubmitObservationCommand(commitment.Id, id, request, Recorder) { ObservedBy = observer }));
                    observationEvents.Add(submitted);
                    observation = Observation.Create(submitted);
                }

                // A moderation is a statement of its own: recorded once, whenever the observation is still pending.
                if (seedObservation.Moderation is { } moderation)
                {
                    if (observation.Status != ModerationStatus.Pending) recorded++;
                    else
                    {
                        var (decision, fieldErrors) = moderation.Parse();
                        Problem($"{observationAt}.moderation", fieldErrors.ToProblem());
                        if (decision is not null)
                        {
                            commands.Add(PlannedCommand.Of<ModerationRecorded>(new ModerateObservationCommand(id, moderation, Recorder)));
                            observationEvents.Add(ModerateObservationHandler.Decide(decision, observation, today));
                        }
                    }
                }
                if (observationEvents.Count > 0)
                    writes.Add(new StreamWrite(StreamKind.Observation, id, observationIsNew, observationEvents));
            }
        }

        return errors.Count > 0 ? (null, errors) : (new SeedPlan(file, seedCase, commands, writes, recorded, [.. observers]), []);
    }

    /// <summary>The rules of the file format itself, beyond those of each route: keys, domain dates, date precision, references.</summary>
    static void CheckShape(SeedFile seed, Action<string, string> fail)
    {
        if (string.IsNullOrWhiteSpace(seed.Case)) fail("$.case", "is required");
        else if (!Slug(seed.Case)) fail("$.case", "must be lowercase letters, digits and hyphens, such as 'sicomines-2008'");
        if (seed.Deal is null) { fail("$.deal", "is required"); return; }

        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        void Statement(ISeedStatement statement, string at)
        {
            if (string.IsNullOrWhiteSpace(statement.Key)) fail($"{at}.key", "is required");
            else if (!Slug(statement.Key)) fail($"{at}.key", "must be lowercase letters, digits and hyphens");
            else if (keys.TryGetValue(statement.Key, out var first)) fail($"{at}.key", $"'{statement.Key}' is already the key of {first}");
            else keys[statement.Key] = at;

            var (field, date) = statement.DomainDate;
            if (date is null) fail($"{at}.{field}", "is required: every seed statement says when it happened");
            else if (statement.DatePrecision is DatePrecision.Month && date.Value.Day != 1)
                fail($"{at}.{field}", "must be the first day of the month when datePrecision is 'month'");
            else if (statement.DatePrecision is DatePrecision.Year && (date.Value.Day, date.Value.Month) != (1, 1))
                fail($"{at}.{field}", "must be the first of January when datePrecision is 'year'");
            if (statement.Sources is null || statement.Sources.Count == 0) fail($"{at}.sources", "at least one source is required");
        }

        Statement(seed.Deal, "$.deal");
        foreach (var (amendment, at) in Each(seed.Amendments, "$.amendments", fail)) Statement(amendment, at);
        foreach (var (announcement, at) in Each(seed.Announcements, "$.announcements", fail)) Statement(announcement, at);
        var amendmentKeys = (seed.Amendments ?? []).OfType<SeedAmendment>().Select(a => a.Key).OfType<string>().ToHashSet(StringComparer.Ordinal);
        foreach (var (commitment, at) in Each(seed.Commitments, "$.commitments", fail))
        {
            Statement(commitment, at);
            foreach (var (revision, revisionAt) in Each(commitment.Revisions, $"{at}.revisions", fail))
            {
                Statement(revision, revisionAt);
                if (revision.Amendment is { } key && !amendmentKeys.Contains(key))
                    fail($"{revisionAt}.amendment", $"'{key}' is not the key of an amendment in this file");
            }
            foreach (var (claim, claimAt) in Each(commitment.Claims, $"{at}.claims", fail)) Statement(claim, claimAt);
            foreach (var (observation, observationAt) in Each(commitment.Observations, $"{at}.observations", fail))
            {
                Statement(observation, observationAt);
                if (string.IsNullOrWhiteSpace(observation.Observer)) fail($"{observationAt}.observer", "is required: the organization that observed");
                else if (observation.Observer.Trim().Length > 200) fail($"{observationAt}.observer", "must be at most 200 characters");
            }
        }
    }

    static IEnumerable<(T Item, string At)> Each<T>(IReadOnlyList<T?>? items, string at, Action<string, string>? fail = null) where T : class
    {
        for (var i = 0; i < (items?.Count ?? 0); i++)
        {
            if (items![i] is { } item) yield return (item, $"{at}[{i}]");
            else fail?.Invoke($"{at}[{i}]", "must be an object");
        }
    }

    static bool Slug(string? value) => value is not null && SlugPattern().IsMatch(value);

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,99}$")]
    private static partial Regex SlugPattern();
}
