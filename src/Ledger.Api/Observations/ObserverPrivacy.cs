using Ledger.Deals;
using Ledger.Organizations;
using Ledger.Organizations.Keys;

namespace Ledger.Observations;

/// <summary>
/// What an observation shows to whom. An observation is public once accepted; before (pending) or if rejected, only its
/// own organization, the curators who may moderate it and admins may know it exists. Its position is public only coarsened to a grid
/// (<c>Ledger:Observers:LocationGrid</c> degrees, 0.1 by default, never finer than 0.01): only the submitting
/// organization's curators and admins see it as submitted.
/// </summary>
public sealed class ObserverPrivacy
{
    public const double DefaultGrid = 0.1;
    public const double FinestGrid = 0.01;

    public ObserverPrivacy(IConfiguration configuration)
    {
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

    /// <summary>Whether <paramref name="viewer"/> sees the position as submitted.</summary>
    public static bool SeesPrecisely(Guid organizationId, Caller? viewer) =>
        viewer is { Role: Role.Admin } || (viewer is { Role: Role.Curator } && viewer.OrganizationId == organizationId);

    public Observation For(Observation observation, Caller? viewer) =>
        observation with { Location = Shown(observation.Location, observation.OrganizationId, viewer) };

    public ObservationSubmitted For(ObservationSubmitted submitted, Caller? viewer) =>
        submitted with { Location = Shown(submitted.Location, submitted.OrganizationId, viewer) };

    /// <summary>An event's data as <paramref name="viewer"/> may read it: a submission's position coarsened.</summary>
    public object For(object data, Caller? viewer) => data is ObservationSubmitted submitted ? For(submitted, viewer) : data;

    /// <summary>The position as <paramref name="viewer"/> may see that of an observation by <paramref name="organizationId"/>.</summary>
    Location? Shown(Location? location, Guid organizationId, Caller? viewer) =>
        location is null || SeesPrecisely(organizationId, viewer) ? location : location.Coarsened(Grid);
}
