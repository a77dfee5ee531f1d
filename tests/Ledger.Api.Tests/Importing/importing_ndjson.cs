using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ledger.Api.Tests.Hosting;

namespace Ledger.Api.Tests.Importing;

[CollectionDefinition(Name)] public sealed class ImportsCollection : ICollectionFixture<LedgerApi> { public const string Name = "imports"; }

/// <summary>POST /api/imports: an NDJSON file of writes, through the same rules as their routes, resumable by line.</summary>
[Collection(ImportsCollection.Name)]
public sealed class importing_ndjson(LedgerApi api)
{
    public static string ExampleFile => File.ReadAllText(Path.Combine(Repository.Root, "docs", "import-example.ndjson"));

    public static async Task<JsonElement> Import(HttpClient client, string lines, string key, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/imports")
        {
            Content = new StringContent(lines, Encoding.UTF8, "application/x-ndjson"),
        };
        request.Headers.Add("Idempotency-Key", key);
        return await client.SendAsync(request).Expect(expected);
    }

    // The deadline check appends on its own: what an import records is every other event.
    Task<long> Events() => api.ScalarAsync<long>("SELECT count(*) FROM mt_events WHERE type <> 'deadline_passed'");

    [Fact]
    public async Task the_example_file_is_recorded_line_by_line_and_its_observation_is_pending()
    {
        var curator = await api.ClientWithRole("curator");
        var before = await Events();

        var report = await Import(curator, ExampleFile, Guid.NewGuid().ToString());

        Assert.Equal((5, 5, 0, 0, 5), (report.GetProperty("linesRead").GetInt32(), report.GetProperty("accepted").GetInt32(),
            report.GetProperty("alreadyImported").GetInt32(), report.GetProperty("rejected").GetInt32(),
            report.GetProperty("eventsAppended").GetInt32()));
        Assert.Equal("finished", report.GetProperty("status").GetString());
        Assert.Equal(before + 5, await Events());
        var ids = report.GetProperty("ids");
        var road = ids.GetProperty("road").GetString()!;
        var deal = await api.Anonymous().GetAsync($"/api/deals/{ids.GetProperty("roads").GetString()}").Expect(HttpStatusCode.OK);
        Assert.Equal("Example roads-for-minerals agreement", deal.GetProperty("title").GetString());
        var status = await api.Status(road);
        Assert.Equal((400m, 120m, 0m), (status.GetProperty("target").GetDecimal(), status.GetProperty("claimed").GetDecimal(),
            status.GetProperty("verified").GetDecimal()));
        var observation = await curator.GetAsync($"/api/observations/{ids.GetProperty("seen-km-80").GetString()}").Expect(HttpStatusCode.OK);
        Assert.Equal("pending", observation.GetProperty("status").GetString());
        // Pending: the public does not see it.
        await api.Anonymous().GetAsync($"/api/observations/{ids.GetProperty("seen-km-80").GetString()}").ExpectProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task importing_the_same_file_again_records_nothing_twice()
    {
        var curator = await api.ClientWithRole("curator");
        var key = Guid.NewGuid().ToString();
        await Import(curator, ExampleFile, key);
        var events = await Events();

        var again = await Import(curator, ExampleFile, key);

        Assert.Equal((0, 5), (again.GetProperty("accepted").GetInt32(), again.GetProperty("alreadyImported").GetInt32()));
        Assert.Equal(events, await Events());
    }

    [Fact]
    public async Task an_import_stopped_part_way_is_completed_by_running_it_again_without_recording_anything_twice()
    {
        var curator = await api.ClientWithRole("curator");
        var key = Guid.NewGuid().ToString();
        var lines = ExampleFile.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var before = await Events();
        // What a run killed after its first batches committed leaves: the file's first lines, recorded.
        var prefix = await Import(curator, string.Join('\n', lines[..3]), key);
        Assert.Equal(3, prefix.GetProperty("accepted").GetInt32());

        var whole = await Import(curator, ExampleFile, key);

        Assert.Equal((2, 3), (whole.GetProperty("accepted").GetInt32(), whole.GetProperty("alreadyImported").GetInt32()));
        Assert.Equal(before + 5, await Events());
        var status = await api.Status(whole.GetProperty("ids").GetProperty("road").GetString()!);
        Assert.Equal(120m, status.GetProperty("claimed").GetDecimal());
    }

    [Fact]
    public async Task rejected_lines_are_reported_with_their_fields_and_record_nothing_while_the_others_are_imported()
    {
        var curator = await api.ClientWithRole("curator");
        var lines = ExampleFile.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var file = string.Join('\n',
            lines[0],                                                                  // 1: the deal
            """{"type":"deal","ref":"broken", "title": """,                           // 2: not JSON
            lines[1].Replace("\"amount\":400", "\"amount\":-4"),                      // 3: a negative target
            lines[2].Replace("\"deal\":\"roads\"", "\"deal\":\"nowhere\""),           // 4: names no line
            """{"type":"commitment","ref":"ghost","deal":"roads","title":"x","madeOn":"2024-01-19"}""", // 5: fields missing
            lines[3],                                                                  // 6: names line 3, not imported
            """{"type":"payment","ref":"p"}""",                                       // 7: no such type
            lines[2],                                                                  // 8: fine
            lines[2].Replace("\"ref\":\"bridges\"", "\"ref\":\"b2\",\"colour\":\"red\""), // 9: not a field
            lines[2]);                                                                 // 10: ref used before
        var before = await Events();

        var report = await Import(curator, file, Guid.NewGuid().ToString());

        Assert.Equal((10, 2, 8), (report.GetProperty("linesRead").GetInt32(), report.GetProperty("accepted").GetInt32(),
            report.GetProperty("rejected").GetInt32()));
        Assert.Equal(before + 2, await Events());
        var rejected = report.GetProperty("rejectedLines").EnumerateArray().ToDictionary(
            l => l.GetProperty("line").GetInt32(), l => l.GetProperty("errors").EnumerateObject().Select(e => e.Name).ToList());
        Assert.Equal([2, 3, 4, 5, 6, 7, 9, 10], rejected.Keys.Order());
        Assert.Equal(["$"], rejected[2]);
        Assert.Equal(["target.amount"], rejected[3]);
        Assert.Equal(["deal"], rejected[4]);
        Assert.Contains("promisor", rejected[5]);
        Assert.Contains("binding", rejected[5]);
        Assert.Equal(["commitment"], rejected[6]);
        Assert.Equal(["type"], rejected[7]);
        Assert.Equal(["colour"], rejected[9]);
        Assert.Equal(["ref"], rejected[10]);
        Assert.Equal("road", report.GetProperty("rejectedLines").EnumerateArray()
            .Single(l => l.GetProperty("line").GetInt32() == 3).GetProperty("ref").GetString());
    }

    [Fact]
    public async Task an_import_of_only_bad_lines_is_a_400_naming_each_line_and_field()
    {
        var curator = await api.ClientWithRole("curator");
        var before = await Events();

        var problem = await ImportProblem(curator, """{"type":"deal","title":"no parties"}""" + "\n{oops\nnull\n");

        Assert.True(problem.GetProperty("errors").TryGetProperty("line 1: parties", out _), problem.ToString());
        Assert.True(problem.GetProperty("errors").TryGetProperty("line 2: $", out _), problem.ToString());
        Assert.True(problem.GetProperty("errors").TryGetProperty("line 3: $", out _), problem.ToString());
        Assert.Equal(before, await Events());
    }

    async Task<JsonElement> ImportProblem(HttpClient client, string lines)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/imports")
        {
            Content = new StringContent(lines, Encoding.UTF8, "application/x-ndjson"),
        };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        return await client.SendAsync(request).ExpectProblem(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task only_curators_import_with_a_key_an_ndjson_body_and_within_the_limit()
    {
        var observer = await api.ClientWithRole("observer");
        await Import(observer, ExampleFile, Guid.NewGuid().ToString(), HttpStatusCode.Forbidden);
        await Import(api.Anonymous(), ExampleFile, Guid.NewGuid().ToString(), HttpStatusCode.Unauthorized);
        var curator = await api.ClientWithRole("curator");
        var before = await Events();

        using (var unkeyed = new StringContent(ExampleFile, Encoding.UTF8, "application/x-ndjson"))
            await curator.PostAsync("/api/imports", unkeyed).ExpectProblem(HttpStatusCode.BadRequest, "Idempotency-Key");
        using (var text = new StringContent(ExampleFile, Encoding.UTF8, "text/plain"))
            await curator.PostAsync("/api/imports", text).ExpectProblem(HttpStatusCode.UnsupportedMediaType);
        var huge = string.Concat(Enumerable.Repeat(ExampleFile, 17 * 1024 * 1024 / ExampleFile.Length + 1));
        using (var request = new HttpRequestMessage(HttpMethod.Post, "/api/imports")
               { Content = new StringContent(huge, Encoding.UTF8, "application/x-ndjson") })
        {
            request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
            await curator.SendAsync(request).ExpectProblem(HttpStatusCode.RequestEntityTooLarge);
        }
        Assert.Equal(before, await Events());
    }

    [Fact]
    public async Task the_report_is_kept_for_its_organization_only()
    {
        var curator = await api.ClientWithRole("curator");
        var report = await Import(curator, ExampleFile, Guid.NewGuid().ToString());
        var id = report.GetProperty("id").GetString();

        var kept = await curator.GetAsync($"/api/imports/{id}").Expect(HttpStatusCode.OK);
        Assert.Equal(5, kept.GetProperty("accepted").GetInt32());
        await api.Admin().GetAsync($"/api/imports/{id}").Expect(HttpStatusCode.OK);
        var other = await api.ClientWithRole("curator");
        await other.GetAsync($"/api/imports/{id}").ExpectProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task the_read_models_are_those_the_same_writes_through_the_routes_give()
    {
        var curator = await api.ClientWithRole("curator");
        var lines = ExampleFile.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
        var imported = (await Import(curator, ExampleFile, Guid.NewGuid().ToString())).GetProperty("ids");

        // The same writes, one by one through their routes.
        var refs = new Dictionary<string, string>();
        foreach (var line in lines)
        {
            var type = (string)line["type"]!;
            var name = (string)line["ref"]!;
            var (about, route) = type switch
            {
                "deal" => ("", "/api/deals"),
                "commitment" => ("deal", "/api/deals/{0}/commitments"),
                "claim" => ("commitment", "/api/commitments/{0}/claims"),
                _ => ("commitment", "/api/commitments/{0}/observations"),
            };
            var url = about == "" ? route : string.Format(route, refs[(string)line[about]!]);
            foreach (var envelope in new[] { "type", "ref", "deal", "commitment" }) line.Remove(envelope);
            var created = await curator.Post(url, line, Guid.NewGuid().ToString()).Expect(HttpStatusCode.Created);
            refs[name] = created.GetProperty("id").GetString()!;
        }
        foreach (var observation in new[] { imported.GetProperty("seen-km-80").GetString(), refs["seen-km-80"] })
            await api.Admin().Post($"/api/observations/{observation}/moderation", new { decision = "accepted" }).Expect(HttpStatusCode.OK);
        await api.WaitForProjectionsAsync();

        var viaImport = imported.GetProperty("roads").GetString();
        Assert.Equal(await Figures($"/api/deals/{refs["roads"]}/scorecard"), await Figures($"/api/deals/{viaImport}/scorecard"));
        Assert.Equal(await Figures($"/api/gaps?dealId={refs["roads"]}"), await Figures($"/api/gaps?dealId={viaImport}"));
        Assert.Equal(await Figures($"/api/commitments/{refs["road"]}"), await Figures($"/api/commitments/{imported.GetProperty("road")}"));
    }

    /// <summary>A read's answer without what differs between two copies of the same writes: ids, links, record times, order by id.</summary>
    async Task<string> Figures(string url)
    {
        var node = JsonNode.Parse((await api.Anonymous().GetAsync(url).Expect(HttpStatusCode.OK)).GetRawText())!;
        return Strip(node)!.ToJsonString();

        static JsonNode? Strip(JsonNode? node)
        {
            switch (node)
            {
                case JsonObject o:
                    foreach (var key in o.Select(p => p.Key).ToList())
                        if (o[key] is JsonValue v && v.TryGetValue<string>(out var text)
                            && (Guid.TryParse(text, out _) || text.Contains("/api/") || DateTimeOffset.TryParse(text, out var t) && text.Contains('T')))
                            o.Remove(key);
                        else if (o[key] is JsonArray) o[key] = Strip(o[key]);
                        else Strip(o[key]);
                    return o;
                case JsonArray a:
                    // Rows in id order differ in order only: compare them as a set.
                    var rows = a.Select(item => Strip(item)!.ToJsonString()).Order(StringComparer.Ordinal).ToList();
                    return new JsonArray([.. rows.Select(row => JsonNode.Parse(row))]);
                default: return node;
            }
        }
    }
}
