using System.Text.Json.Serialization;
using JasperFx.Events.Projections;
using Ledger.Infrastructure.Projections;
using Ledger.Sourcing;
using Marten;

namespace Ledger.Deals;

public enum PartyKind { State, Company, Organisation }

public sealed record Party(string Name, PartyKind Kind, string? Country)
{
    /// <summary>Other names the sources give the party ("Sicomines" for the consortium); absent when it has none.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public IReadOnlyList<string>? Aliases { get; init; }

    public bool IsNamed(string name) =>
        string.Equals(Name, name.Trim(), StringComparison.OrdinalIgnoreCase)
        || (Aliases ?? []).Any(a => string.Equals(a, name.Trim(), StringComparison.OrdinalIgnoreCase));
}

public sealed record DealRegistered(
    Guid DealId, string Title, IReadOnlyList<Party> Parties, string Summary, DateOnly? SignedOn, IReadOnlyList<Source> Sources)
    : ISourcedStatement
{
    [JsonIgnore] public DateOnly? OccurredOn => SignedOn;

    /// <summary>Its curators moderate observations on the deal; absent from deals registered before curators were scoped.</summary>
    public Guid? RegisteredByOrganizationId { get; init; }
}

/// <summary>An admin let another organization's curators moderate observations on the deal.</summary>
public sealed record DealCuratorGranted(Guid DealId, Guid OrganizationId);

public sealed record DealAmended(Guid DealId, Guid AmendmentId, DateOnly EffectiveOn, string Summary, IReadOnlyList<Source> Sources)
    : ISourcedStatement
{
    [JsonIgnore] public DateOnly? OccurredOn => EffectiveOn;
}

public sealed record AnnouncementRecorded(
    Guid DealId, Guid AnnouncementId, string Speaker, string SpeakerRole, DateOnly MadeOn, string Statement, string Language,
    IReadOnlyList<Source> Sources) : ISourcedStatement
{
    [JsonIgnore] public DateOnly? OccurredOn => MadeOn;
}

public sealed record Amendment(Guid Id, DateOnly EffectiveOn, string Summary, IReadOnlyList<Source> Sources)
{
    /// <summary>How precisely the sources date <see cref="EffectiveOn"/>; absent for a day.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public DatePrecision? DatePrecision => Dating.PrecisionOf(Sources);
}

public sealed record Announcement(
    Guid Id, string Speaker, string SpeakerRole, DateOnly MadeOn, string Statement, string Language, IReadOnlyList<Source> Sources)
{
    /// <summary>How precisely the sources date <see cref="MadeOn"/>; absent for a day.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public DatePrecision? DatePrecision => Dating.PrecisionOf(Sources);
}

/// <summary>A deal as its events describe it: parties, amendments and what officials announced about it.</summary>
public sealed record Deal(
    Guid Id, string Title, IReadOnlyList<Party> Parties, string Summary, DateOnly? SignedOn, IReadOnlyList<Source> Sources,
    IReadOnlyList<Amendment> Amendments, IReadOnlyList<Announcement> Announcements)
{
    public long Version { get; init; }

    public bool HasParty(string name) => Parties.Any(p => p.IsNamed(name));

    /// <summary>The party by its name or one of its aliases, whatever the case.</summary>
    public Party PartyNamed(string name) => Parties.First(p => p.IsNamed(name));

    public static Deal Create(DealRegistered e) => new(e.DealId, e.Title, e.Parties, e.Summary, e.SignedOn, e.Sources, [], []);

    // Applying an event twice changes nothing (a projection rebuild replays events over the documents it finds).
    public Deal Apply(DealAmended e) => Amendments.Any(a => a.Id == e.AmendmentId) ? this
        : this with { Amendments = [.. Amendments, new Amendment(e.AmendmentId, e.EffectiveOn, e.Summary, e.Sources)] };

    public Deal Apply(AnnouncementRecorded e) => Announcements.Any(a => a.Id == e.AnnouncementId) ? this : this with
    {
        Announcements = [.. Announcements, new Announcement(e.AnnouncementId, e.Speaker, e.SpeakerRole, e.MadeOn, e.Statement, e.Language, e.Sources)],
    };
}

/// <summary>
/// Whose curators moderate observations on a deal: the organization that registered it and those an admin granted it
/// (admins moderate every deal). Kept apart from <see cref="Deal"/>, which is public.
/// </summary>
public sealed record DealCurators(Guid Id, IReadOnlyList<Guid> OrganizationIds)
{
    public long Version { get; init; }

    public bool Include(Guid organizationId) => OrganizationIds.Contains(organizationId);

    public static DealCurators Create(DealRegistered e) =>
        new(e.DealId, e.RegisteredByOrganizationId is { } registeredBy ? [registeredBy] : []);

    public DealCurators Apply(DealCuratorGranted e) =>
        Include(e.OrganizationId) ? this : this with { OrganizationIds = [.. OrganizationIds, e.OrganizationId] };
}

public static class DealsStore
{
    public static Task<DealCurators?> CuratorsOfAsync(this IQuerySession session, Guid dealId, CancellationToken ct) =>
        session.LoadAsync<DealCurators>(dealId, ct);

    public static async Task<IReadOnlyDictionary<Guid, string>> DealTitlesAsync(
        this IQuerySession session, IReadOnlyCollection<Guid> ids, CancellationToken ct) =>
        ids.Count == 0 ? new Dictionary<Guid, string>()
            : (await session.LoadManyAsync<Deal>(ct, ids)).ToDictionary(d => d.Id, d => d.Title);

    /// <summary>The deals whose observations a curator of <paramref name="organizationId"/> moderates.</summary>
    public static async Task<IReadOnlyList<Guid>> DealsCuratedByAsync(
        this IQuerySession session, Guid organizationId, CancellationToken ct) =>
        await session.Query<DealCurators>().Where(d => d.OrganizationIds.Contains(organizationId)).Select(d => d.Id)
            .ToListAsync(ct);

    /// <summary>Each aggregate is an inline snapshot: written in the same transaction as its events, so reads never lag writes.</summary>
    public static StoreOptions ConfigureDeals(this StoreOptions o)
    {
        o.Projections.Snapshot<Deal>(SnapshotLifecycle.Inline, ProjectionPaging.InLargePages);
        o.Projections.Snapshot<DealCurators>(SnapshotLifecycle.Inline, ProjectionPaging.InLargePages);
        return o;
    }
}
