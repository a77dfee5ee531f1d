using JasperFx.Events;
using Ledger.Commitments;
using Ledger.Deals;
using Ledger.Infrastructure.Http;
using Ledger.Infrastructure.Writing;
using Ledger.Measuring;
using Ledger.Observations;
using Ledger.Organizations;
using Ledger.Organizations.Keys;
using Ledger.Organizations.Registering;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine;

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
/// Loads seed files into the ledger: each file is planned into the API's own commands (<see cref="SeedPlanner"/>), which
/// go one by one to the same Wolverine handlers as the REST routes', recorded by the organization "Ledger seed data"
/// (key id <c>seed</c>), one correlation id per file. Every file is checked before any is loaded; a file with a problem
/// loads nothing.
/// </summary>
public sealed class SeedLoader(IDocumentStore store, IServiceScopeFactory scopes, TimeProvider clock)
{
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
                checkedFiles.Add((name, null,
                [
                    new SeedError(name, "$.case",
                        $"must be the file's name without '{Extension}': '{Path.GetFileNameWithoutExtension(file)}'"),
                ]));
                continue;
            }
            await using var query = store.QuerySession();
            var (_, errors) = await PlanAsync(name, seed, query, ct);
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
        SeedPlan? plan;
        IReadOnlyList<SeedError> errors;
        await using (var query = store.QuerySession()) (plan, errors) = await PlanAsync(file, seed, query, ct);
        if (plan is null) return new SeedFileReport(file, 0, 0, errors);

        await using var scope = scopes.CreateAsyncScope();
        var bus = scope.ServiceProvider.GetRequiredService<IMessageBus>();
        var options = new DeliveryOptions { CorrelationId = $"seed-{seed.Case}-{Guid.CreateVersion7():N}" };
        var appended = 0;
        try
        {
            var organizations = new List<PlannedCommand>();
            await using (var query = store.QuerySession())
                foreach (var name in plan.Observers.Prepend(SeedPlanner.Recorder.OrganizationName).Distinct(StringComparer.OrdinalIgnoreCase))
                    if (await OrganizationNamedAsync(query, name, ct) is null)
                        organizations.Add(PlannedCommand.Of<Appended>(
                            new RegisterOrganizationCommand(SeedPlanner.OrganizationIdOf(name), new RegisterOrganization(name), SeedPlanner.Recorder)));

            foreach (var write in organizations.Concat(plan.Commands))
            {
                if (await write.Send(bus, options, ct) is { } refused)
                    return new SeedFileReport(file, appended, plan.AlreadyRecorded,
                        [new SeedError(file, "$", $"refused while loading: {refused.Detail ?? refused.Title}; load it again")]);
                appended++;
            }
        }
        catch (Exception e) when (ExceptionProblems.LostRace(e))
        {
            // Another loader (a second instance starting, a concurrent `seed`) wrote some of these statements first.
            return new SeedFileReport(file, appended, plan.AlreadyRecorded, [new SeedError(file, "$",
                "the ledger changed while this file was loading; load it again to record what is missing")]);
        }
        return new SeedFileReport(file, appended, plan.AlreadyRecorded, []);
    }

    /// <summary>Loads the state of the file's streams and plans.</summary>
    async Task<(SeedPlan? Plan, IReadOnlyList<SeedError> Errors)> PlanAsync(
        string file, SeedFile seed, IQuerySession query, CancellationToken ct)
    {
        var (dealId, commitmentIds, observationIds) = SeedPlanner.StreamIds(seed);
        var deal = await query.LoadAsync<Deal>(dealId, ct);
        var commitments = (await query.LoadManyAsync<Commitment>(ct, commitmentIds)).ToDictionary(c => c.Id);
        var observations = (await query.LoadManyAsync<Observation>(ct, observationIds)).ToDictionary(o => o.Id);

        var observers = new Dictionary<string, Caller>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in (seed.Commitments ?? []).OfType<SeedCommitment>().SelectMany(c => c.Observations ?? []).OfType<SeedObservation>()
                     .Select(o => o.Observer?.Trim()).OfType<string>().Where(n => n.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            var known = await OrganizationNamedAsync(query, name, ct);
            observers[name] = new Caller(known?.Id ?? SeedPlanner.OrganizationIdOf(name), known?.Name ?? name, SeedPlanner.Recorder.KeyId, Role.Observer);
        }

        var state = new LedgerState(deal, commitments, observations) { Units = await query.UnitCatalogueAsync(ct) };
        return SeedPlanner.Plan(file, seed, state, name => observers[name], clock);
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
