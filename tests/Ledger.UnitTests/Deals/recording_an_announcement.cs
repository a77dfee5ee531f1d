using Ledger.Deals;
using Ledger.Deals.RecordingAnnouncements;
using Ledger.UnitTests.Support;

namespace Ledger.UnitTests.Deals;

public class recording_an_announcement
{
    static RecordAnnouncement Announcement() => new(
        " Félix Tshisekedi ", " President ", new DateOnly(2023, 5, 26), "  The contract will be revisited.  ", "fr", [Given.SourceInput()]);

    [Fact]
    public void the_decision_trims_who_spoke_and_what_was_said()
    {
        var announcementId = Guid.CreateVersion7();

        var recorded = RecordAnnouncementHandler.Decide(Given.DealId, announcementId, Parsed.Valid(Announcement().Parse(Given.Today)));

        Assert.Equal(Given.DealId, recorded.DealId);
        Assert.Equal(announcementId, recorded.AnnouncementId);
        Assert.Equal("Félix Tshisekedi", recorded.Speaker);
        Assert.Equal("President", recorded.SpeakerRole);
        Assert.Equal("The contract will be revisited.", recorded.Statement);
        Assert.Equal("fr", recorded.Language);
        Assert.Equal(new DateOnly(2023, 5, 26), recorded.OccurredOn);
        Assert.Equal([Given.Source()], recorded.Sources);
    }

    [Fact]
    public void an_announcement_is_added_to_the_deal()
    {
        var recorded = RecordAnnouncementHandler.Decide(Given.DealId, Guid.CreateVersion7(), Parsed.Valid(Announcement().Parse(Given.Today)));

        var deal = Given.Sicomines().Apply(recorded);

        var announcement = Assert.Single(deal.Announcements);
        Assert.Equal(recorded.AnnouncementId, announcement.Id);
        Assert.Equal(recorded.Statement, announcement.Statement);
        Assert.Equal(recorded.MadeOn, announcement.MadeOn);
    }
}
