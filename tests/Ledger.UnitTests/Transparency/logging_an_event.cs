using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Ledger.Transparency.Log;

namespace Ledger.UnitTests.Transparency;

/// <summary>What becomes a leaf: the canonical entry of a stored event, with the fields that may have to be erased only as salted hashes.</summary>
public class logging_an_event
{
    static readonly Guid StreamId = Guid.Parse("0197a000-0000-7000-8000-0000000000aa");
    static readonly DateTimeOffset RecordedAt = new(2026, 3, 1, 9, 30, 15, TimeSpan.FromHours(2));

    const string ObservationData = """
        {"observationId":"0197a000-0000-7000-8000-0000000000bb","organizationId":"0197a000-0000-7000-8000-0000000000cc",
         "organizationName":"Observatoire de Kolwezi","finding":{"assessment":"partially-delivered","amount":180.50},
         "narrative":"About 180 km are paved.","location":{"place":"Kolwezi","lat":-10.71,"lon":25.47},"evidence":[]}
        """;

    static EventRow Observation(string? data = null) =>
        new(42, StreamId, 1, "observation_submitted", RecordedAt.AddTicks(4567), data ?? ObservationData);

    static int _salts;
    static byte[] NextSalt() => SHA256.HashData(BitConverter.GetBytes(Interlocked.Increment(ref _salts)));

    [Fact]
    public void the_entry_is_the_canonical_json_of_sequence_stream_type_data_and_recorded_time()
    {
        var row = new EventRow(7, StreamId, 3, "deal_amended", RecordedAt, """{ "summary" : "Rescheduled", "dealId":"x", "effectiveOn":"2026-01-01" }""");

        Assert.Equal(
            """{"data":""" +
            """{"dealId":"x","effectiveOn":"2026-01-01","summary":"Rescheduled"},"recordedAt":"2026-03-01T07:30:15.000000Z","sequence":""" +
            """7,"streamId":"0197a000-0000-7000-8000-0000000000aa","type":"deal_amended"}""",
            LogEntry.Text(row, []));
    }

    [Fact]
    public void the_recorded_time_keeps_postgresqls_microseconds_in_utc() =>
        Assert.Equal("2026-03-01T07:30:15.000456Z", LogEntry.RecordedAt(RecordedAt.AddTicks(4567)));

    [Fact]
    public void an_observers_identity_and_precise_location_enter_the_entry_only_as_salted_hashes()
    {
        var row = Observation();
        var seals = LogEntry.Seal(row, NextSalt);
        var entry = LogEntry.Text(row, seals);

        Assert.Equal(["organizationId", "organizationName", "location.lat", "location.lon"], seals.Select(s => s.Path));
        Assert.DoesNotContain("Observatoire", entry);
        Assert.DoesNotContain("0000000000cc", entry);
        Assert.DoesNotContain("-10.71", entry);
        Assert.DoesNotContain("25.47", entry);
        Assert.Contains("\"place\":\"Kolwezi\"", entry); // the place name is what the public sees anyway
        Assert.Contains("\"amount\":180.5", entry);

        var data = JsonDocument.Parse(entry).RootElement.GetProperty("data");
        var name = seals.Single(s => s.Path == "organizationName");
        var expected = SHA256.HashData([.. name.Salt!, .. Encoding.UTF8.GetBytes("\"Observatoire de Kolwezi\"")]);
        Assert.Equal(Convert.ToBase64String(expected), data.GetProperty("organizationName").GetProperty("saltedSha256").GetString());
        var lat = seals.Single(s => s.Path == "location.lat");
        Assert.Equal(Convert.ToBase64String(SHA256.HashData([.. lat.Salt!, .. "-10.71"u8.ToArray()])),
            data.GetProperty("location").GetProperty("lat").GetProperty("saltedSha256").GetString());
    }

    [Fact]
    public void each_event_gets_its_own_salts_so_equal_values_do_not_link_two_observations()
    {
        var first = LogEntry.Seal(Observation(), NextSalt);
        var second = LogEntry.Seal(Observation(), NextSalt);

        Assert.NotEqual(first[1].Digest, second[1].Digest);
    }

    [Fact]
    public void erasing_a_protected_field_leaves_the_leaf_unchanged()
    {
        var row = Observation();
        var seals = LogEntry.Seal(row, NextSalt);
        var before = LogEntry.LeafHash(LogEntry.Text(row, seals));

        var erasedData = ObservationData.Replace("\"organizationName\":\"Observatoire de Kolwezi\"", "\"organizationName\":null")
            .Replace("\"lat\":-10.71", "\"lat\":null");
        var erasedSeals = seals.Select(s => s.Path is "organizationName" or "location.lat" ? s with { Salt = null } : s).ToList();

        Assert.Equal(before, LogEntry.LeafHash(LogEntry.Text(Observation(erasedData), erasedSeals)));
    }

    [Theory]
    [InlineData("\"amount\":180.50", "\"amount\":200")]
    [InlineData("About 180 km", "About 380 km")]
    [InlineData("\"organizationName\":\"Observatoire de Kolwezi\"", "\"organizationName\":\"Someone else\"")]
    [InlineData("\"lat\":-10.71", "\"lat\":-10.72")]
    [InlineData("\"lat\":-10.71", "\"lat\":null")]
    public void any_change_to_a_stored_event_changes_its_leaf(string from, string to)
    {
        var row = Observation();
        var seals = LogEntry.Seal(row, NextSalt);
        var logged = LogEntry.LeafHash(LogEntry.Text(row, seals));

        Assert.NotEqual(logged, LogEntry.LeafHash(LogEntry.Text(Observation(ObservationData.Replace(from, to)), seals)));
    }

    [Fact]
    public void a_changed_salt_or_sequence_changes_the_leaf()
    {
        var row = Observation();
        var seals = LogEntry.Seal(row, NextSalt);
        var logged = LogEntry.LeafHash(LogEntry.Text(row, seals));

        Assert.NotEqual(logged, LogEntry.LeafHash(LogEntry.Text(row, [seals[0] with { Salt = NextSalt() }, .. seals.Skip(1)])));
        Assert.NotEqual(logged, LogEntry.LeafHash(LogEntry.Text(row with { Sequence = 43 }, seals)));
    }

    [Fact]
    public void a_protected_field_that_appears_after_logging_is_not_shown_and_breaks_the_leaf()
    {
        var withoutLocation = ObservationData.Replace("{\"place\":\"Kolwezi\",\"lat\":-10.71,\"lon\":25.47}", "null");
        var row = Observation(withoutLocation);
        var seals = LogEntry.Seal(row, NextSalt);
        var logged = LogEntry.Text(row, seals);
        var tampered = LogEntry.Text(Observation(), seals);

        Assert.Equal(2, seals.Count);
        Assert.Contains("\"location\":null", logged);
        Assert.NotEqual(logged, tampered);
        Assert.DoesNotContain("-10.71", tampered);
    }

    [Fact]
    public void events_without_protected_fields_are_logged_as_stored()
    {
        var row = new EventRow(1, StreamId, 1, "deal_registered", RecordedAt, """{"title":"Sicomines","parties":[]}""");

        Assert.Empty(LogEntry.Seal(row, NextSalt));
        Assert.Contains("\"title\":\"Sicomines\"", LogEntry.Text(row, []));
    }

    [Fact]
    public void api_key_hashes_and_organization_names_are_protected_too()
    {
        var key = new EventRow(2, StreamId, 1, "api_key_issued", RecordedAt,
            """{"keyId":"k","organizationId":"o","organizationName":"Watchdog","role":"observer","secretSha256":"abcd"}""");
        var seals = LogEntry.Seal(key, NextSalt);
        var entry = LogEntry.Text(key, seals);

        Assert.Equal(["organizationName", "secretSha256"], seals.Select(s => s.Path));
        Assert.DoesNotContain("abcd", entry);
        Assert.DoesNotContain("Watchdog", entry);
    }
}
