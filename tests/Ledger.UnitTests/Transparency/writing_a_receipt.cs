using System.Text.Json;
using JasperFx.Events;
using Ledger.Transparency.Receipts;
using Ledger.UnitTests.Support;

namespace Ledger.UnitTests.Transparency;

/// <summary>A receipt names the sequence of the appended event; before the commit it holds a placeholder naming (stream, version).</summary>
public class writing_a_receipt
{
    [Fact]
    public void before_the_commit_a_receipt_is_a_placeholder_naming_the_stream_and_version()
    {
        var receipt = Receipt.For(Given.SicominesRegistered(), Given.DealId, 3);

        var json = JsonSerializer.Serialize(new { receipt });

        Assert.Equal("{\"receipt\":{\"sequence\":\"pending:" + Given.DealId.ToString("N") + ":3\"}}", json);
        var match = Receipt.PlaceholderPattern().Match(json);
        Assert.Equal(Given.DealId.ToString("N"), match.Groups["stream"].Value);
        Assert.Equal("3", match.Groups["version"].Value);
    }

    [Fact]
    public void once_its_event_is_committed_a_receipt_is_the_events_sequence()
    {
        var registered = Given.SicominesRegistered();
        var receipt = Receipt.For(registered, Given.DealId, 1);
        var other = Receipt.For(Given.SicominesRegistered(), Given.DealId, 1); // an equal event, but another instance

        Receipt.Committed([new Event<JasperFx.Events.Tombstone>(new JasperFx.Events.Tombstone()) { Sequence = 41 },
            new Event<Ledger.Deals.DealRegistered>(registered) { Sequence = 42 }]);

        Assert.Equal(42, receipt.Sequence);
        Assert.Null(other.Sequence);
        Assert.Equal("""{"sequence":42}""", JsonSerializer.Serialize(receipt));
    }
}
