using Ledger.Deals;
using Ledger.Observations.Sealing;
using Ledger.Observations.Submitting;
using Ledger.Organizations;
using Ledger.Organizations.Keys;
using Marten;

namespace Ledger.Observations;

/// <summary>
/// What an observation shows to whom. An observation is public once accepted; before (pending) or if rejected, only its
/// own organization, the curators who may moderate it and admins may know it exists. Its details are
/// stored sealed and opened here, for each viewer as they may read them:
/// <list type="bullet">
/// <item>the position only coarsened to a grid (<c>Ledger:Observers:LocationGrid</c> degrees, 0.1 by default, never finer
/// than 0.01), and the contact not at all, but to the submitting organization's curators and admins;</item>
/// <item>the narrative as the curator published it, or else with what looks like an e-mail address, a phone number or a
/// handle masked, but to the observation's own organization and those who may moderate it, who read it as submitted;</item>
/// <item>nothing of them once erased.</item>
/// </list>
/// </summary>
public sealed class ObserverPrivacy
{
    public const double DefaultGrid = 0.1;
    public const double FinestGrid = 0.01;

    readonly ObservationSealing _sealing;

    public ObserverPrivacy(IConfiguration configuration, ObservationSealing sealing)
    {
        _sealing = sealing;
        Grid = configuration.GetValue<double?>("Ledger:Observers:LocationGrid") ?? DefaultGrid;
        if (!(Grid >= FinestGrid))
            throw new InvalidOperationException(
                $"Ledger:Observers:LocationGrid is {Grid}: a public position is never finer than {FinestGrid} degrees.");
    }

    /// <summary>The grid public positions are coarsened to, in degrees.</summary>
    public double Grid { get; }

    /// <summary>
    /// Whether <paramref name="viewer"/> may moderate observations on the deal with these curators: an admin always, a
    /// curator only when their organization registered the deal or was granted it.
    /// </summary>
    public static bool MayModerate(Caller? viewer, DealCurators? curators) =>
        viewer is { Role: Role.Admin }
        || (viewer is { Role: Role.Curator } && curators?.Include(viewer.OrganizationId) == true);

    /// <summary>
    /// Whether <paramref name="viewer"/> may know of the observation at all: anyone once accepted; before, those who may
    /// moderate it (<paramref name="mayModerate"/>, see <see cref="MayModerate"/>) and its own organization.
    /// </summary>
    public static bool MaySee(ModerationStatus status, Guid organizationId, bool mayModerate, Caller? viewer) =>
        status == ModerationStatus.Accepted || mayModerate || viewer?.OrganizationId == organizationId;

    /// <summary>Whether <paramref name="viewer"/> sees the position as submitted, and the contact.</summary>
    public static bool SeesPrecisely(Guid organizationId, Caller? viewer) =>
        viewer is { Role: Role.Admin } || (viewer is { Role: Role.Curator } && viewer.OrganizationId == organizationId);

    /// <summary>Whether <paramref name="viewer"/> reads the narrative as submitted (moderators must, to redact it).</summary>
    public static bool SeesOriginalNarrative(Guid organizationId, bool mayModerate, Caller? viewer) =>
        mayModerate || viewer?.OrganizationId == organizationId;

    public async Task<Observation> ForAsync(Observation observation, Caller? viewer, IQuerySession session,
        CancellationToken ct) => (await ForAsync([observation], viewer, session, ct))[0];

    /// <summary>The observations as <paramref name="viewer"/> may read them, their keys loaded in one round trip.</summary>
    public async Task<IReadOnlyList<Observation>> ForAsync(
        IReadOnlyList<Observation> observations, Caller? viewer, IQuerySession session, CancellationToken ct) =>
        await ForAsync(observations, viewer,
            await ModeratedDealsAsync(observations.Select(o => o.DealId), viewer, session, ct), session, ct);

    /// <param name="moderates">Of the observations' deals, those the viewer may moderate.</param>
    async Task<IReadOnlyList<Observation>> ForAsync(IReadOnlyList<Observation> observations, Caller? viewer,
        IReadOnlySet<Guid> moderates, IQuerySession session, CancellationToken ct)
    {
        var sealedOnes = observations.Where(o => o.Sealed is not null).Select(o => o.Id).Distinct().ToArray();
        var keys = sealedOnes.Length == 0 ? new Dictionary<Guid, ObservationKey>()
            : (await session.LoadManyAsync<ObservationKey>(ct, sealedOnes)).ToDictionary(k => k.Id);
        return [.. observations.Select(o => Shown(o, keys.GetValueOrDefault(o.Id), moderates.Contains(o.DealId), viewer))];
    }

    /// <summary>Of <paramref name="dealIds"/>, those <paramref name="viewer"/> may moderate, in one round trip.</summary>
    public static async Task<IReadOnlySet<Guid>> ModeratedDealsAsync(
        IEnumerable<Guid> dealIds, Caller? viewer, IQuerySession session, CancellationToken ct)
    {
        var deals = dealIds.Distinct().ToArray();
        if (viewer is { Role: Role.Admin }) return deals.ToHashSet();
        if (viewer is not { Role: Role.Curator } || deals.Length == 0) return new HashSet<Guid>();
        return (await session.LoadManyAsync<DealCurators>(ct, deals))
            .Where(c => MayModerate(viewer, c)).Select(c => c.Id).ToHashSet();
    }

    /// <summary>
    /// Events as <paramref name="viewer"/> may read them: a submission shows what its observation shows; a
    /// seal is never shown. <paramref name="observations"/> are those the events belong to; <paramref name="moderates"/>,
    /// when the caller already knows it, which of their deals the viewer may moderate.
    /// </summary>
    public async Task<IReadOnlyList<object>> EventsForAsync(
        IReadOnlyList<object> data, IReadOnlyList<Observation> observations, Caller? viewer, IQuerySession session,
        CancellationToken ct, IReadOnlySet<Guid>? moderates = null)
    {
        moderates ??= await ModeratedDealsAsync(observations.Select(o => o.DealId), viewer, session, ct);
        var shown = (await ForAsync(observations, viewer, moderates, session, ct)).ToDictionary(o => o.Id);
        return [.. data.Select(d => d switch
        {
            ObservationSubmitted s when shown.TryGetValue(s.ObservationId, out var o) => s with
            {
                Narrative = o.Narrative, Location = o.Location, Evidence = o.Evidence, Observer = o.Observer,
                Contact = o.Contact, Sealed = null,
            },
            ObservationSubmitted s => s with { Narrative = null, Location = null, Evidence = [], Sealed = null },
            ObservationAccepted a => a with { PublicNarrative = null },
            // Why details were erased can itself point at someone: the public learns only that they were.
            ObservationErased x when !(shown.TryGetValue(x.ObservationId, out var o)
                && SeesOriginalNarrative(o.OrganizationId, moderates.Contains(o.DealId), viewer)) => x with { Reason = "" },
            _ => d,
        })];
    }

    Observation Shown(Observation o, ObservationKey? key, bool mayModerate, Caller? viewer)
    {
        var details = o.Sealed is null ? Unsealed(o) : _sealing.Open(o.Id, o.Sealed, key);
        var precise = SeesPrecisely(o.OrganizationId, viewer);
        var original = SeesOriginalNarrative(o.OrganizationId, mayModerate, viewer);
        var published = _sealing.OpenText(o.SealedPublicNarrative, key);
        var location = o.Location is { } place ? new Location(place.Place, details?.Lat, details?.Lon) : null;
        return o with
        {
            Narrative = details is null ? null
                : original ? details.Narrative
                : published ?? (o.NarrativeFlags.Count > 0 ? NarrativeScreening.Masked(details.Narrative) : details.Narrative),
            PublicNarrative = original ? published : null,
            Location = location is null || precise ? location : location.Coarsened(Grid),
            Evidence = [.. o.Evidence.Select((e, i) => e with { Url = details?.EvidenceUrls.ElementAtOrDefault(i) })],
            Observer = details?.Observer,
            Contact = precise ? details?.Contact : null,
            NarrativeFlags = original ? o.NarrativeFlags : [],
            Sealed = null,
            SealedPublicNarrative = null,
        };
    }

    /// <summary>An observation recorded before sealing, or erased (nothing left to show).</summary>
    static ObserverDetails? Unsealed(Observation o) => o.Narrative is null ? null
        : new ObserverDetails(o.Narrative, o.Location?.Lat, o.Location?.Lon, [.. o.Evidence.Select(e => e.Url)], null, null);
}
