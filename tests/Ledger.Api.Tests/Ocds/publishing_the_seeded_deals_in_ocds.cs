using System.IO.Compression;
using System.Net;
using System.Text.Json;
using Ledger.Api.Tests.Hosting;
using Xunit.Abstractions;

namespace Ledger.Api.Tests.Ocds;

/// <summary>The seeded deals as OCDS 1.1 open data, validated against the standard's own schemas.</summary>
[Collection(SeedsCollection.Name)]
public sealed class publishing_the_seeded_deals_in_ocds(SeededLedgerApi api, ITestOutputHelper output)
{
    async Task<IReadOnlyList<(string Id, int Commitments)>> DealsAsync()
    {
        var deals = await api.Anonymous().GetAsync("/api/deals").Expect(HttpStatusCode.OK);
        var found = new List<(string, int)>();
        foreach (var id in deals.EnumerateArray().Select(d => d.GetProperty("id").GetString()!))
        {
            var deal = await api.Anonymous().GetAsync($"/api/deals/{id}").Expect(HttpStatusCode.OK);
            found.Add((id, deal.GetProperty("commitments").GetArrayLength()));
        }
        return found;
    }

    async Task<string> TextAsync(string url)
    {
        using var response = await api.Anonymous().GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {body}");
        return body;
    }

    [Fact]
    public async Task every_seeded_deals_release_package_validates_against_the_official_schema()
    {
        var deals = await DealsAsync();
        Assert.Equal(3, deals.Count);
        foreach (var (dealId, commitments) in deals)
        {
            var json = await TextAsync($"/api/deals/{dealId}/ocds/releases");
            var errors = await OcdsSchemas.ReleasePackageErrors(json);
            Assert.True(errors.Count == 0, $"{dealId}: {string.Join("\n", errors)}");

            var package = JsonDocument.Parse(json).RootElement;
            var releases = package.GetProperty("releases").EnumerateArray().ToList();
            output.WriteLine($"{dealId}: {releases.Count} releases, {json.Length} bytes");
            Assert.All(releases, r => Assert.Equal($"ocds-ledger-{dealId}", r.GetProperty("ocid").GetString()));
            Assert.Equal(["contract"], releases[0].GetProperty("tag").EnumerateArray().Select(t => t.GetString()));
            Assert.Equal(releases.Count, releases.Select(r => r.GetProperty("id").GetString()).Distinct().Count());
            Assert.Equal(commitments, releases.SelectMany(r => r.GetProperty("contracts")[0].TryGetProperty("milestones", out var m)
                ? m.EnumerateArray().Select(x => x.GetProperty("id").GetString()) : []).Distinct().Count());
            Assert.Equal("http://localhost/api/ocds/extension.json", package.GetProperty("extensions")[0].GetString());
        }
    }

    [Fact]
    public async Task the_schemas_refuse_what_ocds_does_not_allow()
    {
        var dealId = (await DealsAsync())[0].Id;
        var package = System.Text.Json.Nodes.JsonNode.Parse(await TextAsync($"/api/deals/{dealId}/ocds/releases"))!;
        package["releases"]![0]!["tag"] = new System.Text.Json.Nodes.JsonArray("signed");
        package["releases"]![0]!.AsObject().Remove("initiationType");

        var errors = await OcdsSchemas.ReleasePackageErrors(package.ToJsonString());

        // Both faults are found inside the release schema the package refers to by URL: the reference was followed.
        Assert.Contains(errors, e => e.Contains("tag"));
        Assert.Contains(errors, e => e.Contains("initiationType"));
    }

    [Fact]
    public async Task every_seeded_deals_record_package_validates_and_compiles_each_commitment_once()
    {
        foreach (var (dealId, commitments) in await DealsAsync())
        {
            var json = await TextAsync($"/api/deals/{dealId}/ocds/record");
            var errors = await OcdsSchemas.RecordPackageErrors(json);
            Assert.True(errors.Count == 0, $"{dealId}: {string.Join("\n", errors)}");

            var record = JsonDocument.Parse(json).RootElement.GetProperty("records")[0];
            var compiled = record.GetProperty("compiledRelease");
            Assert.Equal(["compiled"], compiled.GetProperty("tag").EnumerateArray().Select(t => t.GetString()));
            var milestones = compiled.GetProperty("contracts")[0].GetProperty("milestones");
            Assert.Equal(commitments, milestones.GetArrayLength());
            Assert.All(milestones.EnumerateArray(), m => Assert.Contains(m.GetProperty("status").GetString(),
                new[] { "scheduled", "met", "notMet", "partiallyMet" }));
            // The compiled status is the last one released for that milestone.
            var versioned = record.GetProperty("versionedRelease").GetProperty("contracts")[0].GetProperty("milestones");
            foreach (var m in milestones.EnumerateArray())
            {
                var history = versioned.EnumerateArray().Single(v => v.GetProperty("id").GetString() == m.GetProperty("id").GetString());
                Assert.Equal(m.GetProperty("status").GetString(), history.GetProperty("status").EnumerateArray().Last()
                    .GetProperty("value").GetString());
            }
        }
    }

    [Fact]
    public async Task the_sicomines_milestones_say_what_was_promised_in_which_unit()
    {
        var sicomines = (await DealsAsync()).Single(d => d.Commitments == 12).Id;
        var record = JsonDocument.Parse(await TextAsync($"/api/deals/{sicomines}/ocds/record")).RootElement.GetProperty("records")[0];
        var compiled = record.GetProperty("compiledRelease");
        var milestones = compiled.GetProperty("contracts")[0].GetProperty("milestones").EnumerateArray().ToList();

        var money = milestones.Single(m => m.TryGetProperty("value", out _));
        Assert.Equal("USD", money.GetProperty("value").GetProperty("currency").GetString());
        Assert.Equal("financing", money.GetProperty("type").GetString());
        Assert.Contains(milestones, m => m.TryGetProperty("unit", out var u) && u.GetProperty("id").GetString() == "km"
            && m.GetProperty("quantity").GetDecimal() > 0);
        // A unit the seeds registered is named and kinded from the catalogue, like a built-in one.
        var dams = milestones.Select(m => m.TryGetProperty("unit", out var u) ? u : default)
            .Single(u => u.ValueKind == JsonValueKind.Object && u.GetProperty("id").GetString() == "dams");
        Assert.Equal("count", dams.GetProperty("kind").GetString());
        var parties = compiled.GetProperty("parties").EnumerateArray().ToList();
        var drc = parties.Single(p => p.GetProperty("id").GetString() == "democratic-republic-of-the-congo");
        Assert.Equal(["buyer", "procuringEntity"], drc.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Contains("supplier", parties.Single(p => p.GetProperty("id").GetString() == "chinese-consortium")
            .GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal("democratic-republic-of-the-congo", compiled.GetProperty("buyer").GetProperty("id").GetString());
    }

    [Fact]
    public async Task the_bulk_route_pages_every_deals_releases()
    {
        var deals = await DealsAsync();
        var seen = new List<string>();
        string? next = "/api/ocds/releases?pageSize=2";
        while (next is not null)
        {
            var json = await TextAsync(next);
            Assert.Empty(await OcdsSchemas.ReleasePackageErrors(json));
            var page = JsonDocument.Parse(json).RootElement;
            Assert.Equal(deals.Count, page.GetProperty("deals").GetInt32());
            seen.AddRange(page.GetProperty("releases").EnumerateArray().Select(r => r.GetProperty("ocid").GetString()!));
            next = page.GetProperty("links").GetProperty("next").GetString()?.Replace("http://localhost", "");
        }
        Assert.Equal(deals.Select(d => $"ocds-ledger-{d.Id}").Order(), seen.Distinct().Order());
        await api.Anonymous().GetAsync("/api/ocds/releases?pageSize=101").ExpectProblem(HttpStatusCode.BadRequest, "pageSize");
    }

    [Fact]
    public async Task the_csv_zip_holds_one_table_per_array_linked_to_its_release()
    {
        var sicomines = (await DealsAsync()).Single(d => d.Commitments == 12).Id;
        using var response = await api.Anonymous().GetAsync($"/api/deals/{sicomines}/ocds/releases.csv.zip");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
        using var zip = new ZipArchive(await response.Content.ReadAsStreamAsync());
        var tables = zip.Entries.ToDictionary(e => e.Name, e => new StreamReader(e.Open()).ReadToEnd()
            .Split("\r\n", StringSplitOptions.RemoveEmptyEntries));

        Assert.Equal("releases.csv", zip.Entries[0].Name);
        Assert.Subset(tables.Keys.ToHashSet(), new HashSet<string>
        {
            "releases.csv", "parties.csv", "awards.csv", "contracts.csv", "contracts_milestones.csv", "contracts_documents.csv",
        });
        var package = JsonDocument.Parse(await TextAsync($"/api/deals/{sicomines}/ocds/releases")).RootElement;
        Assert.Equal(package.GetProperty("releases").GetArrayLength() + 1, tables["releases.csv"].Length);
        var milestones = tables["contracts_milestones.csv"];
        Assert.StartsWith("ocid,id,contracts/0/id,contracts/0/milestones/0/id,", milestones[0]);
        Assert.Contains("contracts/0/milestones/0/unit/id", milestones[0]);
        Assert.Contains(milestones.Skip(1), row => row.StartsWith($"ocds-ledger-{sicomines},ocds-ledger-{sicomines}-"));
        Assert.All(tables.Values.SelectMany(t => t), line => Assert.DoesNotMatch("(^|,)[=+@]", line));
    }

    [Fact]
    public async Task the_extension_is_served_by_the_ledger()
    {
        var metadata = await api.Anonymous().GetAsync("/api/ocds/extension.json").Expect(HttpStatusCode.OK);
        Assert.Equal(["release-schema.json"], metadata.GetProperty("schemas").EnumerateArray().Select(s => s.GetString()));
        var patch = await api.Anonymous().GetAsync("/api/ocds/release-schema.json").Expect(HttpStatusCode.OK);
        Assert.True(patch.GetProperty("definitions").GetProperty("Milestone").GetProperty("properties").TryGetProperty("progress", out _));
        await api.Anonymous().GetAsync($"/api/deals/{Guid.NewGuid()}/ocds/record").ExpectProblem(HttpStatusCode.NotFound);
    }
}
