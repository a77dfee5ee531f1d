using Ledger.Deals;
using Ledger.Observations;
using Ledger.Organizations;
using Ledger.Organizations.Keys;
using Ledger.UnitTests.Support;

namespace Ledger.UnitTests.Observations;

public class coarsening_a_position
{
    static ObserverPrivacy Privacy(string? grid = null) => TestSealing.Privacy(
        grid is null ? TestSealing.Configuration() : TestSealing.Configuration(("Ledger:Observers:LocationGrid", grid)));

    [Theory]
    [InlineData(-10.71, 25.47, 0.1, -10.75, 25.45)]
    [InlineData(-10.7999, 25.4001, 0.1, -10.75, 25.45)]
    [InlineData(0.0, 0.0, 0.1, 0.05, 0.05)]
    [InlineData(-10.71, 25.47, 0.5, -10.75, 25.25)]
    [InlineData(89.99, 179.99, 0.1, 89.95, 179.95)]
    public void a_position_becomes_the_centre_of_its_grid_cell(double lat, double lon, double grid, double cellLat, double cellLon)
    {
        var coarse = new Location("Kolwezi", lat, lon).Coarsened(grid);

        Assert.Equal((cellLat, cellLon, grid, "Kolwezi"), (coarse.Lat!.Value, coarse.Lon!.Value, coarse.CoarsenedTo!.Value, coarse.Place));
    }

    [Fact]
    public void every_position_in_a_cell_is_shown_the_same() =>
        Assert.Equal(new Location("A", -10.701, 25.401).Coarsened(0.1), new Location("A", -10.799, 25.499).Coarsened(0.1));

    [Fact]
    public void a_place_without_coordinates_stays_as_it_is()
    {
        var place = new Location("Kolwezi", null, null);
        Assert.Same(place, place.Coarsened(0.1));
    }

    [Theory]
    [InlineData("0.001")]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("NaN")]
    public void the_grid_is_never_finer_than_a_hundredth_of_a_degree(string grid) =>
        Assert.Throws<InvalidOperationException>(() => Privacy(grid));

    [Fact]
    public void the_grid_is_a_tenth_of_a_degree_unless_configured()
    {
        Assert.Equal(0.1, Privacy().Grid);
        Assert.Equal(0.01, Privacy("0.01").Grid);
    }

    [Fact]
    public void only_the_submitting_organizations_curators_and_admins_see_the_position_as_submitted()
    {
        var org = Guid.CreateVersion7();
        Caller Of(Role role, Guid organizationId) => new(organizationId, "Org", "key", role);

        Assert.True(ObserverPrivacy.SeesPrecisely(org, Of(Role.Curator, org)));
        Assert.True(ObserverPrivacy.SeesPrecisely(org, Of(Role.Admin, Guid.CreateVersion7())));
        Assert.False(ObserverPrivacy.SeesPrecisely(org, Of(Role.Observer, org)));
        Assert.False(ObserverPrivacy.SeesPrecisely(org, Of(Role.Curator, Guid.CreateVersion7())));
        Assert.False(ObserverPrivacy.SeesPrecisely(org, null));
    }

    [Fact]
    public void a_pending_or_rejected_observation_is_known_to_its_organization_and_those_who_may_moderate_it_only()
    {
        var org = Guid.CreateVersion7();
        Caller Of(Role role, Guid organizationId) => new(organizationId, "Org", "key", role);
        foreach (var status in new[] { ModerationStatus.Pending, ModerationStatus.Rejected })
        {
            Assert.True(ObserverPrivacy.MaySee(status, org, mayModerate: false, Of(Role.Observer, org)));
            Assert.True(ObserverPrivacy.MaySee(status, org, mayModerate: true, Of(Role.Curator, Guid.CreateVersion7())));
            Assert.False(ObserverPrivacy.MaySee(status, org, mayModerate: false, Of(Role.Curator, Guid.CreateVersion7())));
            Assert.False(ObserverPrivacy.MaySee(status, org, mayModerate: false, Of(Role.Observer, Guid.CreateVersion7())));
            Assert.False(ObserverPrivacy.MaySee(status, org, mayModerate: false, null));
        }
        Assert.True(ObserverPrivacy.MaySee(ModerationStatus.Accepted, org, mayModerate: false, null));
    }

    [Fact]
    public void a_curator_moderates_only_the_deals_their_organization_registered_or_was_granted()
    {
        var (registeredBy, granted, other) = (Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());
        var curators = new DealCurators(Guid.CreateVersion7(), [registeredBy])
            .Apply(new DealCuratorGranted(Guid.Empty, granted));
        Caller Of(Role role, Guid organizationId) => new(organizationId, "Org", "key", role);

        Assert.True(ObserverPrivacy.MayModerate(Of(Role.Curator, registeredBy), curators));
        Assert.True(ObserverPrivacy.MayModerate(Of(Role.Curator, granted), curators));
        Assert.False(ObserverPrivacy.MayModerate(Of(Role.Curator, other), curators));
        Assert.False(ObserverPrivacy.MayModerate(Of(Role.Observer, registeredBy), curators));
        Assert.True(ObserverPrivacy.MayModerate(Of(Role.Admin, other), curators));
        Assert.True(ObserverPrivacy.MayModerate(Of(Role.Admin, other), null));
        Assert.False(ObserverPrivacy.MayModerate(Of(Role.Curator, registeredBy), null));
        Assert.False(ObserverPrivacy.MayModerate(null, curators));
    }
}
