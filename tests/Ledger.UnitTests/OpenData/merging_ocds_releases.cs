using System.Text.Json.Nodes;
using Ledger.OpenData.Ocds;

namespace Ledger.UnitTests.OpenData;

public class merging_ocds_releases
{
    static JsonObject Release(string id, string date, string tag, string body)
    {
        var release = JsonNode.Parse(body)!.AsObject();
        release["ocid"] = "ocds-test-1";
        release["id"] = id;
        release["date"] = date;
        release["tag"] = new JsonArray(tag);
        return release;
    }

    static readonly JsonObject First = Release("r1", "2020-01-01T00:00:00Z", "contract", """
        {"language": "en", "buyer": {"id": "drc", "name": "DRC"},
         "parties": [{"id": "drc", "name": "DRC", "roles": ["buyer"]}, {"id": "crec", "name": "CREC", "roles": ["supplier"]}],
         "contracts": [{"id": "c", "title": "Roads", "milestones": [{"id": "m1", "status": "scheduled", "dueDate": "2012-01-01T00:00:00Z"}]}]}
        """);

    static readonly JsonObject Second = Release("r2", "2020-02-01T00:00:00Z", "contractAmendment", """
        {"buyer": {"name": "Democratic Republic of the Congo"},
         "parties": [{"id": "drc", "roles": ["buyer", "procuringEntity"],
                      "additionalIdentifiers": [{"id": "a", "scheme": "X"}, {"id": "b", "scheme": "Y"}]}],
         "contracts": [{"id": "c", "title": null, "milestones": [{"id": "m2", "status": "scheduled"}, {"id": "m1", "status": "notMet"}]}]}
        """);

    static readonly JsonObject Third = Release("r3", "2020-03-01T00:00:00Z", "implementation", """
        {"parties": [{"id": "drc", "additionalIdentifiers": [{"id": "c", "scheme": "Z"}]}],
         "contracts": [{"id": "c", "milestones": []}]}
        """);

    [Fact]
    public void the_compiled_release_takes_the_latest_value_of_each_field()
    {
        var compiled = OcdsMerge.Compile([First, Second, Third]);

        Assert.Equal("ocds-test-1", compiled["ocid"]!.GetValue<string>());
        Assert.Equal("ocds-test-1-2020-03-01T00:00:00Z", compiled["id"]!.GetValue<string>());
        Assert.Equal("2020-03-01T00:00:00Z", compiled["date"]!.GetValue<string>());
        Assert.Equal("""["compiled"]""", compiled["tag"]!.ToJsonString());
        Assert.Equal("""{"id":"drc","name":"Democratic Republic of the Congo"}""", compiled["buyer"]!.ToJsonString());
        Assert.Equal("en", compiled["language"]!.GetValue<string>());
    }

    [Fact]
    public void arrays_of_objects_merge_by_id_and_other_arrays_are_replaced()
    {
        var compiled = OcdsMerge.Compile([First, Second, Third]);

        var parties = compiled["parties"]!.AsArray();
        Assert.Equal(["drc", "crec"], parties.Select(p => p!["id"]!.GetValue<string>()));
        Assert.Equal("DRC", parties[0]!["name"]!.GetValue<string>()); // kept from the first release
        Assert.Equal("""["buyer","procuringEntity"]""", parties[0]!["roles"]!.ToJsonString()); // strings: replaced whole
        // wholeListMerge: the last list stands, its objects not merged with the earlier ones by id.
        Assert.Equal("""[{"id":"c","scheme":"Z"}]""", parties[0]!["additionalIdentifiers"]!.ToJsonString());
        var milestones = compiled["contracts"]![0]!["milestones"]!.AsArray();
        Assert.Equal(["m1", "m2"], milestones.Select(m => m!["id"]!.GetValue<string>()));
        Assert.Equal("notMet", milestones[0]!["status"]!.GetValue<string>());
        Assert.Equal("2012-01-01T00:00:00Z", milestones[0]!["dueDate"]!.GetValue<string>());
    }

    [Fact]
    public void a_null_removes_a_field_and_an_empty_array_of_objects_changes_nothing()
    {
        var compiled = OcdsMerge.Compile([First, Second, Third]);

        var contract = compiled["contracts"]![0]!.AsObject();
        Assert.False(contract.ContainsKey("title"));
        Assert.Equal(2, contract["milestones"]!.AsArray().Count);
    }

    [Fact]
    public void the_versioned_release_lists_each_value_with_the_release_it_came_from()
    {
        var versioned = OcdsMerge.Version([First, Second, Third]);

        Assert.Equal("ocds-test-1", versioned["ocid"]!.GetValue<string>()); // not versioned
        Assert.False(versioned.ContainsKey("id") || versioned.ContainsKey("date") || versioned.ContainsKey("tag"));
        var m1 = versioned["contracts"]![0]!["milestones"]!.AsArray().Single(m => m!["id"]!.GetValue<string>() == "m1")!;
        Assert.Equal("m1", m1["id"]!.GetValue<string>()); // an id in an array stays as is
        Assert.Equal(
            """[{"releaseID":"r1","releaseDate":"2020-01-01T00:00:00Z","releaseTag":["contract"],"value":"scheduled"},""" +
            """{"releaseID":"r2","releaseDate":"2020-02-01T00:00:00Z","releaseTag":["contractAmendment"],"value":"notMet"}]""",
            m1["status"]!.ToJsonString());
        // A value repeated unchanged adds no version; one set to null does.
        Assert.Single(versioned["language"]!.AsArray());
        var title = versioned["contracts"]![0]!["title"]!.AsArray();
        Assert.Equal(2, title.Count);
        Assert.Null(title[1]!["value"]);
        Assert.Equal("""["buyer","procuringEntity"]""", versioned["parties"]![0]!["roles"]![1]!["value"]!.ToJsonString());
        Assert.Equal(2, versioned["parties"]![0]!["additionalIdentifiers"]!.AsArray().Count); // whole lists: versioned whole
    }

    static string VectorDirectory => Path.Combine(AppContext.BaseDirectory, "OpenData", "Vectors");

    static JsonNode Vector(string name) => JsonNode.Parse(File.ReadAllText(Path.Combine(VectorDirectory, name + ".json")))!;

    static IReadOnlyList<JsonObject> StandardsWorkedExample() =>
    [
        .. new[] { "merge-tender-1", "merge-tender-2", "merge-tender-3", "merge-award-1", "merge-award-2" }
            .SelectMany(f => Vector(f)["releases"]!.AsArray().Select(r => r!.AsObject()))
            .OrderBy(r => r["date"]!.GetValue<string>()),
    ];

    [Fact]
    public void the_standards_worked_example_compiles_as_the_standard_shows()
    {
        var expected = Vector("merged")["records"]![0]!["compiledRelease"];

        Assert.Equal(expected!.ToJsonString(), Sorted(OcdsMerge.Compile(StandardsWorkedExample()), expected)!.ToJsonString());
    }

    [Fact]
    public void the_standards_worked_example_versions_as_the_standard_shows()
    {
        var expected = Vector("versioned")["records"]![0]!["versionedRelease"];

        Assert.Equal(expected!.ToJsonString(), Sorted(OcdsMerge.Version(StandardsWorkedExample()), expected)!.ToJsonString());
    }

    /// <summary><paramref name="actual"/> with its objects' fields in the order <paramref name="like"/> has them.</summary>
    static JsonNode? Sorted(JsonNode? actual, JsonNode? like) => (actual, like) switch
    {
        (JsonObject a, JsonObject l) => new JsonObject(
            l.Select(p => p.Key).Where(a.ContainsKey).Concat(a.Select(p => p.Key).Where(k => !l.ContainsKey(k)))
                .Select(k => KeyValuePair.Create(k, Sorted(a[k], l[k])))),
        (JsonArray a, JsonArray l) => new JsonArray([.. a.Select((x, i) => Sorted(x, i < l.Count ? l[i] : null))]),
        _ => actual?.DeepClone(),
    };
}
