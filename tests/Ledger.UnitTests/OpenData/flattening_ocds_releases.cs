using System.Text.Json.Nodes;
using Ledger.OpenData.Ocds;

namespace Ledger.UnitTests.OpenData;

public class flattening_ocds_releases
{
    static readonly JsonObject Release = JsonNode.Parse("""
        {"ocid": "ocds-x-1", "id": "ocds-x-1-7", "date": "2024-01-01T00:00:00Z", "tag": ["contract", "contractUpdate"],
         "buyer": {"id": "drc", "name": "DRC"},
         "parties": [{"id": "drc", "name": "=HYPERLINK(\"http://evil\")", "roles": ["buyer", "procuringEntity"]}],
         "contracts": [{"id": "c1", "awardID": "c1",
           "milestones": [{"id": "m1", "quantity": 3.5, "binding": true, "unit": {"id": "km"}}],
           "implementation": {"observations": [{"id": "o1", "evidence": [{"sha256": "ab", "title": "a, \"quoted\" title"}]}]}}]}
        """)!.AsObject();

    [Fact]
    public void each_array_of_objects_is_a_table_whose_rows_lead_with_their_release_and_parents()
    {
        var tables = OcdsCsv.Flatten([Release]);

        Assert.Equal(["releases", "parties", "contracts", "contracts_milestones", "contracts_implementation_observations",
            "contracts_implementation_observations_evidence"], tables.Keys);
        Assert.Equal(["ocid", "id", "date", "tag", "buyer/id", "buyer/name"], tables["releases"].Columns);
        Assert.Equal("contract;contractUpdate", tables["releases"].Rows[0]["tag"]);
        Assert.Equal(
            ["ocid", "id", "contracts/0/id", "contracts/0/milestones/0/id", "contracts/0/milestones/0/quantity",
                "contracts/0/milestones/0/binding", "contracts/0/milestones/0/unit/id"],
            tables["contracts_milestones"].Columns);
        var milestone = tables["contracts_milestones"].Rows[0];
        Assert.Equal(("ocds-x-1-7", "c1", "3.5", "true"), (milestone["id"], milestone["contracts/0/id"],
            milestone["contracts/0/milestones/0/quantity"], milestone["contracts/0/milestones/0/binding"]));
        var evidence = tables["contracts_implementation_observations_evidence"];
        Assert.Equal("o1", evidence.Rows[0]["contracts/0/implementation/observations/0/id"]);
    }

    [Fact]
    public void cells_are_quoted_and_never_run_as_formulas()
    {
        var tables = OcdsCsv.Flatten([Release]);

        var parties = OcdsCsv.Write(tables["parties"]).Split("\r\n");
        Assert.Equal("ocid,id,parties/0/id,parties/0/name,parties/0/roles", parties[0]);
        Assert.Equal("ocds-x-1,ocds-x-1-7,drc,\"'=HYPERLINK(\"\"http://evil\"\")\",buyer;procuringEntity", parties[1]);
        Assert.EndsWith(",\"a, \"\"quoted\"\" title\"", OcdsCsv.Write(tables["contracts_implementation_observations_evidence"])
            .Split("\r\n")[1]);
    }
}
