using JasperFx.Events;
using Ledger.Commitments;
using Ledger.Deals;
using Ledger.Infrastructure.Auth;
using Ledger.Infrastructure.Recording;
using Ledger.Observations;
using Ledger.Organizations;
using Ledger.Organizations.Registering;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Ledger.Seeding;

/// <summary>How one file went: events appended and statements already recorded, or why nothing was loaded from it.</summary>
public sealed record SeedFileReport(string File, int Appended, int AlreadyRecorded, IReadOnlyList<SeedError> Errors)
{
    public bool Loaded => Errors.Count == 0;

    public override string ToString() => Loaded
        ? $"{File}: {Appended} events appended, {AlreadyRecorded} statements already recorded"
        : $"{File}: not loaded, {Errors.Count} problem(s):{string.Concat(Errors.Select(e => $"{Environment.NewLine}  {e.Path}: {e.Reason}"))}";
}

public sealed record SeedReport(IReadOnlyList<SeedFileReport> Files, IReadOnlyList<SeedError> Errors)
{
    public bool Ok => Errors.Count == 0 && Files.All(f => f.Loaded);
    public int Appended => Files.Sum(f => f.Appended);
}

/// <summary>
/// Loads seed files into the ledger through the API's own rules and decisions (<see cref="SeedPlanner"/>), appending with a
/// Marten session, attributed like an API write to the organization "Ledger seed data" (key id <c>seed</c>), one correlation
/// id per file. Every file is checked before any is loaded; a file with a problem loads nothing.
/// </summary>
public sealed class SeedLoader(IDocumentStore store, TimeProvider clock)
{
    /// <summary>The organization every seeded event is recorded by.</summary>
    public static readonly Caller Recorder = new(SeedPlanner.OrganizationIdOf("Ledger seed data"), "Ledger seed data", "seed", Role.Curator);

    public const string Extension = ".json";

    /// <summary>The files at <paramref name="path"/>: the file itself, or a folder's <c>*.json</c> files in name order.</summary>
    public static IReadOnlyList<string> FilesAt(string path) =>
        File.Exists(path) ? [Path.GetFullPath(path)]
        : Directory.Exists(path) ? [.. Directory.EnumerateFiles(path, "*" + Extension).Select(Path.GetFullPath).Order(StringComparer.Ordinal)]
        : [];

    public async Task<SeedReport> LoadAsync(string path, Action<string>? progress = null, CancellationToken ct = default)
    {
        var files = FilesAt(path);
        if (files.Count == 0)
        {
            var error = new SeedError(path, "$", File.Exists(path) || Directory.Exists(path) ? $"holds no {Extension} seed file" : "no such file or folder");
            return new SeedReport([], [error]);
        }

        // First check every file against the ledger as it is, so that a bad file is reported before anything loads.
        var checkedFiles = new List<(string File, SeedFile? Seed, IReadOnlyList<SeedError> Errors)>();
        foreach (var file in files)
        {
            var name = DisplayName(file);
            var (seed, parseError) = SeedFiles.Parse(name, await File.ReadAllTextAsync(file, ct));
            if (seed is null) { checkedFiles.Add((name, null, [parseError!])); continue; }
            if (!string.Equals(seed.Case, Path.GetFileNameWithoutExtension(file), StringComparison.Ordinal))
            {
                checkedFiles.Add((name, null, [new SeedError(name, "$.case", $"must be the file's name without '{Extension}': '{Path.GetFileNameWithoutExtension(file)}'")]));
                continue;
            }
            await using var query = store.QuerySession();
            var (_, errors) = await PlanAsync(name, seed, query, forWriting: null, ct);
            checkedFiles.Add((name, seed, errors));
        }

        var reports = new List<SeedFileReport>();
        foreach (var (file, seed, errors) in checkedFiles)
        {
            var report = errors.Count > 0 || seed is null ? new SeedFileReport(file, 0, 0, errors) : await LoadOneAsync(file, seed, ct);
            reports.Add(report);
            progress?.Invoke(report.ToString());
        }
        return new SeedReport(reports, []);
    }

    async Task<SeedFileReport> LoadOneAsync(string file, SeedFile seed, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        session.CorrelationId = $"seed-{seed.Case}-{Guid.CreateVersion7():N}";
        session.SetHeader(EventAttribution.OrganizationIdHeader, Recorder.OrganizationId.ToString());
        session.SetHeader(EventAttribution.OrganizationNameHeader, Recorder.OrganizationName);
        session.SetHeader(EventAttribution.KeyIdHeader, Recorder.KeyId);

        var streams = new Streams();
        var (plan, errors) = await PlanAsync(file, seed, session, streams, ct);
        if (plan is null) return new SeedFileReport(file, 0, 0, errors);

        var organizations = 0;
        foreach (var name in plan.Observers.Prepend(Recorder.OrganizationName).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (await OrganizationNamedAsync(session, name, ct) is not null) continue;
            var command = new RegisterOrganization(name);
            if (await RegisterOrganizationHandler.CheckAsync(command, session, ct) is var problem && !ReferenceEquals(problem, WolverineContinue.NoProblems))
                return new SeedFileReport(file, 0, 0, [new SeedError(file, "$", $"cannot register the organization '{name}': {problem.Detail}")]);
            var id = SeedPlanner.OrganizationIdOf(name);
            session.Events.StartStream<Organization>(id, RegisterOrganizationHandler.Decide(command, id));
            organizations++;
        }

        foreach (var write in plan.Writes)
        {
            if (write.IsNew)
                _ = write.Kind switch
                {
                    StreamKind.Deal => session.Events.StartStream<Deal>(write.StreamId, write.Events),
                    StreamKind.Commitment => session.Events.StartStream<Commitment>(write.StreamId, write.Events),
                    _ => session.Events.StartStream<Observation>(write.StreamId, write.Events),
                };
            else
                switch (write.Kind)
                {
                    case StreamKind.Deal: streams.Deal!.AppendMany(write.Events); break;
                    case StreamKind.Commitment: streams.Commitments[write.StreamId].AppendMany(write.Events); break;
                    default: streams.Observations[write.StreamId].AppendMany(write.Events); break;
                }
        }
        try
        {
            await session.SaveChangesAsync(ct);
        }
        catch (Exception e) when (e is Marten.Exceptions.ExistingStreamIdCollisionException or JasperFx.Events.ExistingStreamIdCollisionException
                                       or JasperFx.ConcurrencyException)
        {
            // Another loader (a second instance starting, a concurrent `seed`) wrote these streams first: nothing of ours was saved.
            return new SeedFileReport(file, 0, 0, [new SeedError(file, "$", "the ledger changed while this file was loading; nothing was appended from it: load it again")]);
        }
        return new SeedFileReport(file, plan.EventCount + organizations, plan.AlreadyRecorded, []);
    }

    /// <summary>Streams fetched for writing, so that appends to them are checked against concurrent writes.</summary>
    sealed class Streams
    {
        public IEventStream<Deal>? Deal;
        public readonly Dictionary<Guid, IEventStream<Commitment>> Commitments = [];
        public readonly Dictionary<Guid, IEventStream<Observation>> Observations = [];
    }

    /// <summary>Loads the state of the file's streams (fetched for writing when <paramref name="forWriting"/> is given) and plans.</summary>
    async Task<(SeedPlan? Plan, IReadOnlyList<SeedError> Errors)> PlanAsync(
        string file, SeedFile seed, IQuerySession query, Streams? forWriting, CancellationToken ct)
    {
        var (dealId, commitmentIds, observationIds) = SeedPlanner.StreamIds(seed);
        var deal = await query.LoadAsync<Deal>(dealId, ct);
        var commitments = (await query.LoadManyAsync<Commitment>(ct, commitmentIds)).ToDictionary(c => c.Id);
        var observations = (await query.LoadManyAsync<Observation>(ct, observationIds)).ToDictionary(o => o.Id);

        if (forWriting is not null && query is IDocumentSession session)
        {
            if (deal is not null)
            {
                forWriting.Deal = await session.Events.FetchForWriting<Deal>(dealId, ct);
                deal = forWriting.Deal.Aggregate;
            }
            foreach (var id in commitments.Keys.ToList())
            {
                var stream = forWriting.Commitments[id] = await session.Events.FetchForWriting<Commitment>(id, ct);
                commitments[id] = stream.Aggregate!;
            }
            foreach (var id in observations.Keys.ToList())
            {
                var stream = forWriting.Observations[id] = await session.Events.FetchForWriting<Observation>(id, ct);
                observations[id] = stream.Aggregate!;
            }
        }

        var observers = new Dictionary<string, Caller>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in (seed.Commitments ?? []).OfType<SeedCommitment>().SelectMany(c => c.Observations ?? []).OfType<SeedObservation>()
                     .Select(o => o.Observer?.Trim()).OfType<string>().Where(n => n.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            var known = await OrganizationNamedAsync(query, name, ct);
            observers[name] = new Caller(known?.Id ?? SeedPlanner.OrganizationIdOf(name), known?.Name ?? name, Recorder.KeyId, Role.Observer);
        }

        return SeedPlanner.Plan(file, seed, new LedgerState(deal, commitments, observations), name => observers[name], clock);
    }

    static Task<Organization?> OrganizationNamedAsync(IQuerySession session, string name, CancellationToken ct) =>
        session.Query<Organization>().FirstOrDefaultAsync(o => o.Name.Equals(name, StringComparison.OrdinalIgnoreCase), ct);

    /// <summary>A path as short as it can be said: relative to the working directory when inside it.</summary>
    static string DisplayName(string file)
    {
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, file);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? file : relative;
    }
}
