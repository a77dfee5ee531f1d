using System.Text.Json;
using Ledger.Api.Tests.Hosting;

namespace Ledger.Api.Tests.Seeding;

/// <summary>
/// Walks the seed files as plain JSON, independently of the loader, and holds every statement in them to the rules of the
/// seeds: a domain date, at least one source with a URL, a publisher and a publication date, and "unverified" where it is due.
/// </summary>
public sealed class every_seed_statement_is_sourced
{
    /// <summary>Where statements live in a seed file, and the name of each kind's domain date.</summary>
    static readonly Dictionary<string, string> TopLevel = new()
    {
        ["deal"] = "signedOn", ["amendments"] = "effectiveOn", ["announcements"] = "madeOn", ["commitments"] = "madeOn",
    };

    static readonly Dictionary<string, string> UnderCommitments = new()
    {
        ["revisions"] = "effectiveOn", ["claims"] = "asOf", ["observations"] = "observedOn",
    };

    /// <summary>Blogs, aggregators, re-posts and self-published press releases: never enough on their own.</summary>
    static readonly string[] WeakHosts =
        ["blogspot.com", "hellboundanddown.com", "particle.news", "deercreekfoundation.org", "pr.com", "friendsofthecongo.org"];

    public sealed record Statement(string File, string Path, JsonElement Body, string DateField);

    public static IReadOnlyList<string> SeedFiles() => [.. Directory.EnumerateFiles(SeededLedgerApi.SeedsFolder, "*.json").Order()];

    public static IEnumerable<Statement> Statements(string file)
    {
        var name = Path.GetFileName(file);
        using var document = JsonDocument.Parse(File.ReadAllText(file));
        var root = document.RootElement.Clone();
        foreach (var property in root.EnumerateObject())
        {
            // Units are vocabulary (a code and its names), not statements about the world: they carry no source.
            if (property.Name is "case" or "description" or "units") continue;
            Assert.True(TopLevel.ContainsKey(property.Name), $"{name}: '{property.Name}' is not a kind of statement this walk knows");
            var dateField = TopLevel[property.Name];
            var items = property.Value.ValueKind == JsonValueKind.Array
                ? property.Value.EnumerateArray().Select((item, i) => (item, $"$.{property.Name}[{i}]"))
                : [(property.Value, $"$.{property.Name}")];
            foreach (var (item, at) in items)
            {
                yield return new Statement(name, at, item, dateField);
                if (property.Name != "commitments") continue;
                foreach (var nested in item.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Array && p.Name != "sources"))
                {
                    Assert.True(UnderCommitments.ContainsKey(nested.Name), $"{name}: {at}.{nested.Name} is not a kind of statement this walk knows");
                    var i = 0;
                    foreach (var inner in nested.Value.EnumerateArray())
                        yield return new Statement(name, $"{at}.{nested.Name}[{i++}]", inner, UnderCommitments[nested.Name]);
                }
            }
        }
    }

    public static IReadOnlyList<Statement> AllStatements() => [.. SeedFiles().SelectMany(Statements)];

    [Fact]
    public void there_is_one_file_per_case()
    {
        Assert.Equal(["drc-us-2025.json", "sicomines-2008.json", "ukraine-us-2025.json"], SeedFiles().Select(Path.GetFileName));
        Assert.True(File.Exists(Path.Combine(SeededLedgerApi.SeedsFolder, "README.md")));
    }

    [Fact]
    public void every_statement_has_a_domain_date_and_at_least_one_source_with_a_url()
    {
        var statements = AllStatements();
        Assert.True(statements.Count >= 50, $"only {statements.Count} statements found");
        var missing = new List<string>();
        foreach (var s in statements)
        {
            if (!s.Body.TryGetProperty(s.DateField, out var date) || date.ValueKind != JsonValueKind.String || !DateOnly.TryParse(date.GetString(), out _))
                missing.Add($"{s.File} {s.Path}: no domain date '{s.DateField}'");
            if (!s.Body.TryGetProperty("sources", out var sources) || sources.ValueKind != JsonValueKind.Array || sources.GetArrayLength() == 0)
            {
                missing.Add($"{s.File} {s.Path}: no sources");
                continue;
            }
            var i = 0;
            foreach (var source in sources.EnumerateArray())
            {
                var at = $"{s.File} {s.Path}.sources[{i++}]";
                if (!source.TryGetProperty("url", out var url)
                    || !Uri.TryCreate(url.GetString(), UriKind.Absolute, out var uri)
                    || uri.Scheme is not ("http" or "https"))
                    missing.Add($"{at}: no http(s) url");
                if (!source.TryGetProperty("publisher", out var publisher) || string.IsNullOrWhiteSpace(publisher.GetString()))
                    missing.Add($"{at}: no publisher");
                if (!source.TryGetProperty("publishedOn", out var published) || !DateOnly.TryParse(published.GetString(), out _))
                    missing.Add($"{at}: no publishedOn");
            }
        }
        Assert.True(missing.Count == 0, string.Join(Environment.NewLine, missing));
    }

    [Fact]
    public void a_statement_resting_on_one_source_or_a_weak_source_is_marked_unverified_with_a_note_saying_why()
    {
        var wrong = new List<string>();
        foreach (var s in AllStatements())
        {
            var sources = s.Body.GetProperty("sources").EnumerateArray().ToList();
            for (var i = 0; i < sources.Count; i++)
            {
                var source = sources[i];
                var host = new Uri(source.GetProperty("url").GetString()!).Host;
                var unverified = source.TryGetProperty("unverified", out var flag) && flag.GetBoolean();
                var weak = WeakHosts.Any(w => host == w || host.EndsWith("." + w));
                if ((weak || sources.Count == 1) && !unverified) wrong.Add($"{s.File} {s.Path}.sources[{i}] ({host}) should be unverified");
                if (unverified && !(source.TryGetProperty("note", out var note) && note.GetString()!.Length > 0))
                    wrong.Add($"{s.File} {s.Path}.sources[{i}] is unverified without a note saying why");
            }
        }
        Assert.True(wrong.Count == 0, string.Join(Environment.NewLine, wrong));
    }

    [Fact]
    public void a_date_known_only_to_the_month_or_year_is_the_first_day_of_that_period()
    {
        var precise = AllStatements().Where(s => s.Body.TryGetProperty("datePrecision", out var p) && p.GetString() != "day").ToList();
        Assert.NotEmpty(precise);
        Assert.All(precise, s =>
        {
            var date = DateOnly.Parse(s.Body.GetProperty(s.DateField).GetString()!);
            Assert.Equal(1, date.Day);
            if (s.Body.GetProperty("datePrecision").GetString() == "year") Assert.Equal(1, date.Month);
        });
    }

    [Fact]
    public void the_two_versions_of_the_2008_annex_stay_separate_statements_each_with_its_own_source()
    {
        var commitments = Statements(Path.Combine(SeededLedgerApi.SeedsFolder, "sicomines-2008.json"))
            .Where(s => s.Path.StartsWith("$.commitments[") && !s.Path.Contains("]."))
            .ToList();
        string Host(Statement s) => new Uri(s.Body.GetProperty("sources")[0].GetProperty("url").GetString()!).Host;
        var versionA = commitments.Where(c => c.Body.GetProperty("title").GetString()!.Contains("version A")).ToList();
        var versionB = commitments.Where(c => c.Body.GetProperty("title").GetString()!.Contains("version B")).ToList();

        Assert.Equal(5, versionA.Count);
        Assert.Equal(7, versionB.Count);
        Assert.All(versionA, c => Assert.Equal("deskeco.com", Host(c)));
        Assert.All(versionB, c => Assert.Equal("cas-info.ca", Host(c)));
        Assert.Equal([3213m, 3700m], commitments.Where(c => c.Body.GetProperty("category").GetString() == "rail")
            .Select(c => c.Body.GetProperty("target").GetProperty("amount").GetDecimal()).Order());
    }
}
