using Ledger.Observations.Submitting;

namespace Ledger.UnitTests.Observations;

public class screening_a_narrative
{
    [Theory]
    [InlineData("Call me on +243 81 234 5678 after dark.", "phone")]
    [InlineData("Mon numéro: 0812345678.", "phone")]
    [InlineData("Joignable au 081 234 5678", "phone")]
    [InlineData("Write to jean.mukendi@example.cd for photos.", "email")]
    [InlineData("Ask @kolwezi_watch on Telegram.", "handle")]
    public void what_looks_like_a_way_to_reach_someone_is_flagged(string narrative, string flag) =>
        Assert.Equal([flag], NarrativeScreening.Flags(narrative));

    [Theory]
    [InlineData("The 2023 audit found US$ 822,000,000 of works, against 6 186 000 000 promised.")]
    [InlineData("Between 2008-04-22 and 2009-10-01 the target fell to 3,000 km; 45.5 km paved.")]
    [InlineData("Road RN39, km 12 to km 57: 0,5 km unpaved.")]
    [InlineData("Seen paved on 12/03/2024 at 10:45.")]
    public void figures_dates_and_distances_are_not_flagged(string narrative) =>
        Assert.Empty(NarrativeScreening.Flags(narrative));

    [Fact]
    public void the_public_reads_a_flagged_narrative_with_those_parts_withheld()
    {
        var masked = NarrativeScreening.Masked("Paved. Call +243 81 234 5678 or write to a.b@example.org; 45 km seen.");

        Assert.Equal("Paved. Call [phone withheld] or write to [email withheld]; 45 km seen.", masked);
    }

    [Theory]
    [InlineData("Marcheur 7", true)]
    [InlineData("Observatrice-Kasaï", true)]
    [InlineData("x", false)]
    [InlineData("jean@example.org", false)]
    [InlineData("Obs 0812345678", false)]
    [InlineData("<script>", false)]
    public void a_pseudonym_is_short_plain_and_no_way_to_reach_its_observer(string pseudonym, bool valid) =>
        Assert.Equal(valid, ObserverContact.IsPseudonym(pseudonym));

    [Theory]
    [InlineData("+243 81 234 5678", true)]
    [InlineData("jean@example.org", true)]
    [InlineData("signal:walker.01", true)]
    [InlineData("@walker", true)]
    [InlineData("call me", false)]
    [InlineData("12", false)]
    public void a_contact_is_a_phone_number_an_email_address_or_a_handle(string contact, bool valid) =>
        Assert.Equal(valid, ObserverContact.IsContact(contact));
}
