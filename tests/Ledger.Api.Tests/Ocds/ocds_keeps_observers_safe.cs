using System.IO.Compression;
using System.Net;
using Ledger.Api.Tests.Hosting;

namespace Ledger.Api.Tests.Ocds;

/// <summary>
/// Open data is copied where no erasure reaches: it carries an accepted observation's public fields that erasure leaves,
/// and nothing of a pending or rejected one, whoever asks.
/// </summary>
[Collection(ObservationsCollection.Name)]
public sealed class ocds_keeps_observers_safe(LedgerApi api)
{
    [Fact]
    public async Task only_accepted_observations_appear_and_only_by_their_lasting_public_fields()
    {
        var tag = Guid.NewGuid().ToString("N")[..10];
        var (dealId, commitmentId) = await api.DealWithCommitment();
        var (observer, _) = await api.OneOrganization();
        object Report(string narrative, double lat) => new
        {
            observedOn = "2024-03-01", finding = new { assessment = "partially-delivered", amount = 100 }, narrative,
            language = "fr", location = new { place = $"Kolwezi {tag}", lat, lon = 25.468024 },
            observer = $"Veilleur {tag[..4]}", contact = $"signal:w{tag}",
            evidence = new[]
            {
                new { sha256 = new string('d', 64), mediaType = "image/jpeg", url = $"https://x.example.org/{tag}.jpg", title = "Site" },
            },
        };
        var accepted = await api.SubmitObservation(observer, commitmentId, Report($"Paved, says {tag}.", -10.713579));
        await api.Admin().Post($"/api/observations/{accepted}/moderation", new { decision = "accepted" }).Expect(HttpStatusCode.OK);
        var rejected = await api.SubmitObservation(observer, commitmentId, Report($"Refused {tag}", -10.724681));
        await api.Admin().Post($"/api/observations/{rejected}/moderation", new { decision = "rejected", reason = "Wrong road" })
            .Expect(HttpStatusCode.OK);
        var pending = await api.SubmitObservation(observer, commitmentId, Report($"Pending {tag}", -10.735791));
        string[] secrets = ["-10.71", "-10.72", "-10.73", "25.46", $"signal:w{tag}", $"Veilleur {tag[..4]}", $"says {tag}",
            $"Refused {tag}", $"Pending {tag}", $"{tag}.jpg", rejected, pending, "Wrong road"];

        foreach (var caller in new[] { api.Anonymous(), api.Admin() })
        {
            var bodies = new List<string>
            {
                await TextAsync(caller, $"/api/deals/{dealId}/ocds/releases"),
                await TextAsync(caller, $"/api/deals/{dealId}/ocds/record"),
                await TextAsync(caller, "/api/ocds/releases?pageSize=100"),
            };
            using var zip = new ZipArchive(await caller.GetStreamAsync($"/api/deals/{dealId}/ocds/releases.csv.zip"));
            bodies.AddRange(zip.Entries.Select(e => new StreamReader(e.Open()).ReadToEnd()));

            foreach (var body in bodies)
                foreach (var secret in secrets) Assert.False(body.Contains(secret), $"OCDS shows {secret}");
            // The accepted one is there, by its organization, finding and place name.
            Assert.Contains(accepted, bodies[0]);
            Assert.Contains($"Kolwezi {tag}", bodies[1]);
            Assert.Contains(bodies.Skip(3), csv => csv.Contains(accepted) && csv.Contains("partially-delivered"));
        }
    }

    static async Task<string> TextAsync(HttpClient caller, string url)
    {
        using var response = await caller.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {body}");
        return body;
    }
}
