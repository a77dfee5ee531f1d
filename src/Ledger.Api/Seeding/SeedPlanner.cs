using System.Text.RegularExpressions;
using Ledger.Commitments;
using Ledger.Commitments.Making;
using Ledger.Commitments.ReportingDelivery;
using Ledger.Commitments.Revising;
using Ledger.Deals;
using Ledger.Deals.Amending;
using Ledger.Deals.Announcing;
using Ledger.Deals.Registering;
using Ledger.Infrastructure.Auth;
using Ledger.Infrastructure.Http;
using Ledger.Observations;
using Ledger.Observations.Moderating;
using Ledger.Observations.Submitting;
using Ledger.Sourcing;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Ledger.Seeding;

public enum StreamKind { Deal, Commitment, Observation }

/// <summary>Events for one stream: a new stream to start, or more events for one already recorded.</summary>
public sealed record StreamWrite(StreamKind Kind, Guid StreamId, bool IsNew, IReadOnlyList<object> Events);

/// <summary>What loading a file adds, stream by stream, and how many of its statements the ledger already holds.</summary>
public sealed record SeedPlan(string File, string Case, IReadOnlyList<StreamWrite> Writes, int AlreadyRecorded, IReadOnlyList<string> Observers)
{
    public int EventCount => Writes.Sum(w => w.Events.Count);
}

/// <summary>The seed's streams as the ledger holds them now (all empty for a ledger that has none of them).</summary>
public sealed record LedgerState(Deal? Deal, IReadOnlyDictionary<Guid, Commitment> Commitments, IReadOnlyDictionary<Guid, Observation> Observations)
{
    public static readonly LedgerState Empty = new(null, new Dictionary<Guid, Commitment>(), new Dictionary<Guid, Observation>());
}

/// <summary>
/// Turns a seed file into events through the same pure rules (<c>Validate</c>/<c>Check</c>) and decisions (<c>Decide</c>) as the
/// API's routes, statement by statement, skipping those already recorded. Nothing here reads or writes the database.
/// </summary>
public static partial class SeedPlanner
{
    public static Guid IdOf(string seedCase, string key) => DeterministicIds.From($"seed:{seedCase}:{key}");

    /// <summary>An observing organization named in a seed file that is not yet registered gets this id.</summary>
    public static Guid OrganizationIdOf(string name) => DeterministicIds.From($"seed:organization:{name.Trim().ToLowerInvariant()}");

    /// <summary>Every stream id a file may write to, so its current state can be loaded before planning.</summary>
    public static (Guid Deal, IReadOnlyList<Guid> Commitments, IReadOnlyList<Guid> Observations) StreamIds(SeedFile seed)
    {
        var commitments = (seed.Commitments ?? []).OfType<SeedCommitment>().Where(c => Slug(c.Key)).ToList();
        return (seed.Case is { } c0 && seed.Deal?.Key is { } k ? IdOf(c0, k) : Guid.Empty,
            [.. commitments.Select(c => IdOf(seed.Case ?? "", c.Key!))],
            [.. commitments.SelectMany(c => c.Observations ?? []).OfType<SeedObservation>().Where(o => Slug(o.Key)).Select(o => IdOf(seed.Case ?? "", o.Key!))]);
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

        // The deal, its amendments and its announcements: one stream.
        var dealId = IdOf(seedCase, seed.Deal!.Key!);
        var dealEvents = new List<object>();
        var deal = state.Deal;
        if (deal is not null) recorded++;
        else
        {
            var register = seed.Deal.ToCommand();
            Problem("$.deal", RegisterDealHandler.Check(register));
            if (errors.Count > 0) return (null, errors);
            var registered = RegisterDealHandler.Decide(register, dealId);
            dealEvents.Add(registered);
            deal = Deal.Create(registered);
        }

        var amendmentIds = new Dictionary<string, Guid>(StringComparer.Ordinal);
        foreach (var (amendment, at) in Each(seed.Amendments, "$.amendments"))
        {
            var id = amendmentIds[amendment.Key!] = IdOf(seedCase, amendment.Key!);
            if (deal.Amendments.Any(a => a.Id == id)) { recorded++; continue; }
            var command = amendment.ToCommand();
            var before = errors.Count;
            Problem(at, AmendDealHandler.Check(command));
            if (errors.Count > before) continue;
            var amended = AmendDealHandler.Decide(command, dealId, id);
            dealEvents.Add(amended);
            deal = deal.Apply(amended);
        }

        foreach (var (announcement, at) in Each(seed.Announcements, "$.announcements"))
        {
            var id = IdOf(seedCase, announcement.Key!);
            if (deal.Announcements.Any(a => a.Id == id)) { recorded++; continue; }
            var command = announcement.ToCommand();
            var before = errors.Count;
            Problem(at, RecordAnnouncementHandler.Check(command, today));
            if (errors.Count > before) continue;
            var announced = RecordAnnouncementHandler.Decide(command, dealId, id);
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
                var make = seedCommitment.ToCommand();
                var before = errors.Count;
                Problem(at, MakeCommitmentHandler.Check(make, deal, clock));
                if (errors.Count > before) continue;
                var made = MakeCommitmentHandler.Decide(make, deal, commitmentId);
                events.Add(made);
                commitment = Commitment.Create(made);
            }

            foreach (var (revision, revisionAt) in Each(seedCommitment.Revisions, $"{at}.revisions"))
            {
                var id = IdOf(seedCase, revision.Key!);
                if (commitment.Revisions.Any(r => r.Id == id)) { recorded++; continue; }
                var command = revision.ToCommand(revision.Amendment is { } key ? amendmentIds[key] : null);
                var before = errors.Count;
                Problem(revisionAt, ReviseCommitmentHandler.Check(command, commitment, deal));
                if (errors.Count > before)
                {
                    // The route names the amendment by id; a seed file names it by key.
                    for (var i = before; i < errors.Count; i++)
                        if (errors[i].Path.EndsWith(".amendmentId", StringComparison.Ordinal)) errors[i] = errors[i] with { Path = $"{revisionAt}.amendment" };
                    continue;
                }
                var revised = ReviseCommitmentHandler.Decide(command, commitment, id);
                events.Add(revised);
                commitment = commitment.Apply(revised);
            }

            foreach (var (claim, claimAt) in Each(seedCommitment.Claims, $"{at}.claims"))
            {
                var id = IdOf(seedCase, claim.Key!);
                if (commitment.Claims.Any(c => c.Id == id)) { recorded++; continue; }
                var command = claim.ToCommand();
                var before = errors.Count;
                Problem(claimAt, ClaimDeliveryHandler.Check(command, today));
                if (errors.Count > before) continue;
                var claimed = ClaimDeliveryHandler.Decide(command, commitment.Id, id);
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
                    var observer = observerOf(seedObservation.Observer!.Trim());
                    var (submit, problem) = seedObservation.ToCommand().Parse(commitment.Id, id, observer, today);
                    var before = errors.Count;
                    Problem(observationAt, submit is null ? problem : SubmitObservationHandler.Check(submit, commitment));
                    if (errors.Count > before) continue;
                    observers.Add(seedObservation.Observer!.Trim());
                    var submitted = SubmitObservationHandler.Decide(submit!, commitment, now);
                    observationEvents.Add(submitted);
                    observation = Observation.Create(submitted);
                }

                // A moderation is a statement of its own: recorded once, whenever the observation is still pending.
                if (seedObservation.Moderation is { } moderation)
                {
                    if (observation.Status != ModerationStatus.Pending) recorded++;
                    else
                    {
                        var before = errors.Count;
                        Problem($"{observationAt}.moderation", ModerateObservationHandler.Check(moderation, observation));
                        if (errors.Count == before) observationEvents.Add(ModerateObservationHandler.Decide(moderation, observation, today));
                    }
                }
                if (observationEvents.Count > 0) writes.Add(new StreamWrite(StreamKind.Observation, id, observationIsNew, observationEvents));
            }
        }

        return errors.Count > 0 ? (null, errors) : (new SeedPlan(file, seedCase, writes, recorded, [.. observers]), []);
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
