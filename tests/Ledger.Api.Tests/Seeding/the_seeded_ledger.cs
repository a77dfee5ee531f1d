using System.Net;
using System.Text.Json;
using Ledger.Api.Tests.Hosting;
using Ledger.Commitments;
using Ledger.Commitments.Facts;
using Ledger.Commitments.Gaps;
using Ledger.Commitments.Status;
using Ledger.Observations;
using Ledger.Seeding;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Ledger.Api.Tests.Seeding;

/// <summary>A ledger opened on the seed cases, read through the public API.</summary>
[Collection(SeedsCollection.Name)]
public sealed class the_seeded_ledger(SeededLedgerApi api)
{
    static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow);
    static string Id(string seedCase, string key) => SeedPlanner.IdOf(seedCase, key).ToString();
    static readonly string Infrastructure = Id("sicomines-2008", "infrastructure-financing");

    [Fact]
    public async Task lists_the_three_deals()
    {
        var deals = await api.Anonymous().GetAsync("/api/deals").Expect(HttpStatusCode.OK);

        Assert.Equal(
        [
            "DR Congo – United States: minerals for security (2025–)",
            "Sicomines minerals-for-infrastructure convention (DR Congo – Chinese consortium)",
            "Ukraine – United States Reconstruction Investment Fund agreement",
        ], deals.EnumerateArray().Select(d => d.GetProperty("title").GetString()));
        Assert.Equal(
            [Id("drc-us-2025", "minerals-for-security"), Id("sicomines-2008", "convention-2008"), Id("ukraine-us-2025", "reconstruction-investment-fund")],
            deals.EnumerateArray().Select(d => d.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task each_deal_holds_its_statements_with_their_sources()
    {
        var sicomines = await api.Anonymous().GetAsync($"/api/deals/{Id("sicomines-2008", "convention-2008")}").Expect(HttpStatusCode.OK);

        Assert.Equal("2008-04-22", sicomines.GetProperty("signedOn").GetString());
        Assert.Equal(["2009-10-01", "2017-01-01", "2024-01-19", "2024-03-14"],
            sicomines.GetProperty("amendments").EnumerateArray().Select(a => a.GetProperty("effectiveOn").GetString()));
        Assert.Equal(12, sicomines.GetProperty("commitments").GetArrayLength());
        var claim = sicomines.GetProperty("announcements").EnumerateArray().Single(a => a.GetProperty("speaker").GetString() == "Sicomines");
        Assert.Equal("2023-03-24", claim.GetProperty("madeOn").GetString());
        Assert.Contains("43 infrastructure projects", claim.GetProperty("statement").GetString());
        Assert.Contains("chapelet d'intentions", claim.GetProperty("statement").GetString());
        var source = Assert.Single(claim.GetProperty("sources").EnumerateArray());
        Assert.Equal("newscd.net", source.GetProperty("publisher").GetString());
        Assert.True(source.GetProperty("unverified").GetBoolean());
    }

    [Fact]
    public async Task the_sicomines_infrastructure_financing_is_7bn_today_against_the_original_baseline_with_822m_verified()
    {
        var status = await api.Status(Infrastructure);

        Assert.Equal("USD", status.GetProperty("unit").GetString());
        Assert.Equal(7_000_000_000m, status.GetProperty("target").GetDecimal());
        Assert.Equal(6_565_000_000m, status.GetProperty("originalTarget").GetDecimal());
        Assert.Equal(822_000_000m, status.GetProperty("verified").GetDecimal());
        Assert.Equal(0m, status.GetProperty("claimed").GetDecimal());
        Assert.Equal(6_178_000_000m, status.GetProperty("gap").GetDecimal());
        Assert.Equal("2040-12-31", status.GetProperty("dueOn").GetString());
        Assert.Equal("in-progress", status.GetProperty("status").GetString());
    }

    [Fact]
    public async Task in_mid_2023_the_target_in_force_was_the_2009_3bn_and_in_mid_2024_the_7bn_with_the_audit_of_february_2023_before_both()
    {
        await using var session = api.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var commitment = (await session.LoadAsync<Commitment>(Guid.Parse(Infrastructure)))!;
        var audits = await session.Query<Observation>().Where(o => o.CommitmentId == commitment.Id).ToListAsync();

        var facts = (await session.ReadCommitmentFactsAsync([commitment.Id], CancellationToken.None))[commitment.Id];
        decimal TargetOn(DateOnly day) => CommitmentStatus.Of(facts, day, knownAt: null)!.Target;

        Assert.Equal(6_565_000_000m, TargetOn(new DateOnly(2009, 9, 30)));
        Assert.Equal(3_000_000_000m, TargetOn(new DateOnly(2023, 6, 1)));
        Assert.Equal(7_000_000_000m, TargetOn(new DateOnly(2024, 6, 1)));
        Assert.Equal(6_565_000_000m, commitment.OriginalTarget.Amount);
        var verified = Assert.Single(audits, o => o.Finding.Amount is not null);
        Assert.Equal((new DateOnly(2023, 2, 16), ModerationStatus.Accepted, 822_000_000m),
            (verified.ObservedOn, verified.Status, verified.Finding.Amount!.Value));
    }

    [Fact]
    public async Task the_revisions_cite_their_amendments_and_the_audits_are_accepted_observations_by_the_igf()
    {
        var history = await api.Anonymous().GetAsync($"/api/commitments/{Infrastructure}/history").Expect(HttpStatusCode.OK);
        var entries = history.EnumerateArray().ToList();

        var revisions = entries.Where(e => e.GetProperty("type").GetString() == "commitment_revised").ToList();
        Assert.Equal(["2009-10-01", "2024-03-14"], revisions.Select(r => r.GetProperty("occurredOn").GetString()));
        Assert.Equal([Id("sicomines-2008", "amendment-2009"), Id("sicomines-2008", "amendment-2024-fifth")],
            revisions.Select(r => r.GetProperty("data").GetProperty("amendmentId").GetString()));

        var observations = await api.Anonymous().GetAsync($"/api/commitments/{Infrastructure}/observations").Expect(HttpStatusCode.OK);
        Assert.Equal(["2022-05-01", "2023-02-16"], observations.EnumerateArray().Select(o => o.GetProperty("observedOn").GetString()));
        Assert.All(observations.EnumerateArray(), o =>
        {
            Assert.Equal("accepted", o.GetProperty("status").GetString());
            Assert.Equal("Inspection Générale des Finances (IGF)", o.GetProperty("organizationName").GetString());
            Assert.NotEqual(0, o.GetProperty("sources").GetArrayLength());
        });
        var audit2023 = observations.EnumerateArray().Last();
        Assert.Equal("partially-delivered", audit2023.GetProperty("finding").GetProperty("assessment").GetString());
        Assert.Equal(822_000_000m, audit2023.GetProperty("finding").GetProperty("amount").GetDecimal());

        Assert.All(entries, e =>
        {
            Assert.Equal("Ledger seed data", e.GetProperty("recordedBy").GetProperty("organizationName").GetString());
            Assert.Equal(JsonValueKind.Null, e.GetProperty("recordedBy").GetProperty("keyId").ValueKind); // not public
            Assert.StartsWith("seed-sicomines-2008-", e.GetProperty("correlationId").GetString());
        });
        var asAdmin = await api.Admin().GetAsync($"/api/commitments/{Infrastructure}/history").Expect(HttpStatusCode.OK);
        Assert.All(asAdmin.EnumerateArray(),
            e => Assert.Equal("seed", e.GetProperty("recordedBy").GetProperty("keyId").GetString()));
    }

    [Fact]
    public async Task dr_congo_us_obligations_whose_deadline_passed_without_verified_delivery_are_overdue()
    {
        var deal = await api.Anonymous().GetAsync($"/api/deals/{Id("drc-us-2025", "minerals-for-security")}").Expect(HttpStatusCode.OK);
        var statuses = new List<JsonElement>();
        foreach (var commitment in deal.GetProperty("commitments").EnumerateArray())
            statuses.Add(await api.Status(commitment.GetProperty("id").GetString()!));

        var deadlines = statuses.ToDictionary(s => s.GetProperty("title").GetString()!, s => s.GetProperty("dueOn").GetString());
        Assert.Equal("2025-07-27", deadlines["Set up a joint security mechanism within 30 days (DR Congo and Rwanda jointly)"]);
        Assert.Equal("2025-09-25", deadlines["Rwandan withdrawal within 90 days"]);
        Assert.Equal("2025-09-25", deadlines["Launch a regional economic integration framework within 90 days (DR Congo and Rwanda jointly)"]);
        Assert.Equal("2025-07-29", deadlines["Implement the Doha Declaration of Principles by 29 July 2025 (DR Congo and M23 jointly)"]);
        Assert.Equal("2025-08-08", deadlines["Start talks by 8 August 2025 (DR Congo and M23 jointly)"]);
        Assert.Equal("2025-08-18", deadlines["Sign a peace agreement by 18 August 2025 (DR Congo and M23 jointly)"]);
        Assert.Equal("2026-01-31", deadlines["Submit the first Strategic Asset Reserve list to the United States within 30 days"]);

        var passed = statuses.Where(s => DateOnly.Parse(s.GetProperty("dueOn").GetString()!) < Today).ToList();
        Assert.Equal(7, passed.Count);
        Assert.All(passed, s =>
        {
            Assert.Equal("milestones", s.GetProperty("unit").GetString());
            Assert.Equal(0m, s.GetProperty("verified").GetDecimal());
            Assert.Equal("overdue", s.GetProperty("status").GetString());
        });
    }

    [Fact]
    public async Task every_seeded_statement_in_the_ledger_has_a_domain_date_and_a_sourced_url()
    {
        var sourced = new[]
        {
            "deal_registered", "deal_amended", "announcement_recorded", "commitment_made", "commitment_revised", "delivery_claimed",
            "observation_submitted",
        };
        await using var session = api.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var events = await session.Events.QueryAllRawEvents().ToListAsync();

        var statements = events.Where(e => sourced.Contains(e.EventTypeName)).ToList();
        Assert.Equal(every_seed_statement_is_sourced.AllStatements().Count, statements.Count);
        Assert.All(statements, e =>
        {
            var statement = Assert.IsAssignableFrom<Ledger.Sourcing.ISourcedStatement>(e.Data);
            Assert.NotNull(statement.OccurredOn);
            Assert.NotEmpty(statement.Sources);
            Assert.All(statement.Sources, s => Assert.True(Uri.IsWellFormedUriString(s.Url, UriKind.Absolute), s.Url));
        });
    }

    [Fact]
    public async Task loading_the_seeds_again_appends_nothing()
    {
        var before = await SeededEvents();
        Assert.True(before > 0);

        var report = await api.Services.GetRequiredService<SeedLoader>().LoadAsync(SeededLedgerApi.SeedsFolder);

        Assert.True(report.Ok, string.Join("; ", report.Files.SelectMany(f => f.Errors)));
        Assert.Equal(3, report.Files.Count);
        Assert.All(report.Files, f => Assert.Equal(0, f.Appended));
        Assert.All(report.Files, f => Assert.True(f.AlreadyRecorded > 0));
        Assert.Equal(before, await SeededEvents());
    }

    [Fact]
    public async Task a_bad_file_is_reported_with_its_path_and_reason_and_loads_nothing_while_a_good_one_beside_it_loads()
    {
        var folder = Directory.CreateTempSubdirectory("ledger-seed-test-");
        try
        {
            File.Copy(Path.Combine(SeededLedgerApi.SeedsFolder, "ukraine-us-2025.json"), Path.Combine(folder.FullName, "ukraine-us-2025.json"));
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "broken-case.json"), BadFile);
            var before = await SeededEvents();

            var report = await api.Services.GetRequiredService<SeedLoader>().LoadAsync(folder.FullName);

            Assert.False(report.Ok);
            var bad = report.Files.Single(f => f.File.EndsWith("broken-case.json"));
            Assert.False(bad.Loaded);
            var error = Assert.Single(bad.Errors);
            Assert.EndsWith("broken-case.json", error.File);
            Assert.Equal("$.commitments[0].promisor", error.Path);
            Assert.Contains("must be one of the deal's parties", error.Reason);
            Assert.True(report.Files.Single(f => f.File.EndsWith("ukraine-us-2025.json")).Loaded);
            Assert.Equal(before, await SeededEvents());
            await api.Anonymous().GetAsync($"/api/deals/{Id("broken-case", "deal")}").ExpectProblem(HttpStatusCode.NotFound);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>
    /// The events in mt_events recorded by the seed organization: what the loader appended. (Other writers, such as the
    /// ledger's own deadline checks, may append to the seeded streams at any time.)
    /// </summary>
    Task<long> SeededEvents() => api.ScalarAsync<long>("SELECT count(*) FROM mt_events WHERE headers ->> 'keyId' = 'seed'");

    /// <summary>A valid deal, but a commitment promised by someone who is not a party: the deal must not load either.</summary>
    const string BadFile = """
        {
          "case": "broken-case",
          "deal": {
            "key": "deal", "title": "A deal that must not load",
            "parties": [{"name": "Ukraine", "kind": "state", "country": "UA"}, {"name": "United States", "kind": "state", "country": "US"}],
            "summary": "Test.", "signedOn": "2025-04-30",
            "sources": [{"url": "https://example.org/a", "publisher": "example.org", "publishedOn": "2025-05-01"}]
          },
          "commitments": [{
            "key": "c", "promisor": "Atlantis", "title": "Something", "category": "test", "target": {"amount": 1, "unit": "milestones"},
            "binding": true, "madeOn": "2025-04-30",
            "sources": [{"url": "https://example.org/a", "publisher": "example.org", "publishedOn": "2025-05-01"}]
          }]
        }
        """;
}
