using System.Security.Cryptography;
using Ledger.Observations.Sealing;
using Ledger.UnitTests.Support;

namespace Ledger.UnitTests.Observations;

public class sealing_observer_details
{
    static readonly ObservationSealing Sealing = TestSealing.Sealing();
    static readonly ObserverDetails Details = new("Seen paved.", -10.71, 25.47, ["https://example.org/1.jpg", null], "Walker", "+243 81 234 5678");

    [Fact]
    public void sealed_details_open_with_their_key_and_show_nothing_in_the_clear()
    {
        var id = Guid.CreateVersion7();
        var (sealedDetails, key) = Sealing.Seal(id, Details);

        var opened = Sealing.Open(id, sealedDetails, key)!;

        Assert.Equal((Details.Narrative, Details.Lat, Details.Contact), (opened.Narrative, opened.Lat, opened.Contact));
        Assert.Equal(Details.EvidenceUrls, opened.EvidenceUrls);
        Assert.DoesNotContain("Walker", sealedDetails.Ciphertext + key.Wrapped.Ciphertext);
        Assert.Equal(id, key.Id);
    }

    [Fact]
    public void without_the_key_nothing_opens()
    {
        var id = Guid.CreateVersion7();
        var (sealedDetails, _) = Sealing.Seal(id, Details);

        Assert.Null(Sealing.Open(id, sealedDetails, key: null));
    }

    [Fact]
    public void details_cannot_be_opened_as_another_observations_nor_with_another_ledgers_sealing_key()
    {
        var (id, other) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        var (sealedDetails, key) = Sealing.Seal(id, Details);
        var (_, otherKey) = Sealing.Seal(other, Details);
        var elsewhere = TestSealing.Sealing(TestSealing.Configuration(
            ("Ledger:Observers:SealingKey", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)))));

        Assert.ThrowsAny<CryptographicException>(() => Sealing.Open(other, sealedDetails, otherKey));
        Assert.ThrowsAny<CryptographicException>(() => elsewhere.Open(id, sealedDetails, key));
    }

    [Fact]
    public void a_pseudonym_is_claimed_under_a_keyed_hash_folded_for_case_and_spacing_and_scoped_to_its_organization()
    {
        var org = Guid.CreateVersion7();

        Assert.Equal(Sealing.PseudonymClaimId(org, "Walker  7"), Sealing.PseudonymClaimId(org, "walker 7"));
        Assert.NotEqual(Sealing.PseudonymClaimId(org, "Walker 7"), Sealing.PseudonymClaimId(Guid.CreateVersion7(), "Walker 7"));
        Assert.DoesNotContain("walker", Sealing.PseudonymClaimId(org, "walker 7"));
    }
}
