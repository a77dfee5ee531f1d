namespace Ledger.Api.Tests.Hostile;

/// <summary>
/// One valid body per write route, for the hostile-input suite to mutate. A route the OpenAPI document lists without a
/// body here fails the suite, so a new route is covered as soon as it is served.
/// </summary>
public static class ValidBodies
{
    const string Sources = """
        [{"url": "https://example.org/a", "publisher": "Gazette", "publishedOn": "2024-01-02",
          "title": "A source", "unverified": true, "datePrecision": "month", "note": "One source."}]
        """;

    /// <summary>The body of each write route, given the ids of a fixture (an amendment for a revision).</summary>
    public static readonly IReadOnlyDictionary<string, Func<IReadOnlyDictionary<string, string>, string>> ByRoute =
        new Dictionary<string, Func<IReadOnlyDictionary<string, string>, string>>
        {
            ["/api/organizations"] = _ => """{"name": "Hostile Monitoring Network"}""",
            ["/api/organizations/{orgId}/keys"] = _ => """{"role": "observer"}""",
            ["/api/deals"] = _ => $$"""
                {"title": "Roads for minerals", "parties": [{"name": "A State", "kind": "state", "country": "CD"},
                 {"name": "A Company", "kind": "company", "country": "CN", "aliases": ["Company A"]}],
                 "summary": "Roads for mining rights.",
                 "signedOn": "2008-04-22", "sources": {{Sources}}}
                """,
            ["/api/deals/{dealId}/amendments"] = _ =>
                $$"""{"effectiveOn": "2009-10-01", "summary": "Financing halved.", "sources": {{Sources}}}""",
            ["/api/deals/{dealId}/announcements"] = _ => $$"""
                {"speaker": "A Minister", "speakerRole": "Minister of Mines", "madeOn": "2024-01-19",
                 "statement": "The roads will be built.", "language": "fr", "sources": {{Sources}}}
                """,
            ["/api/deals/{dealId}/commitments"] = _ => $$"""
                {"promisor": "Sino-Congolaise des Mines", "beneficiary": "Democratic Republic of the Congo",
                 "title": "Build a railway", "category": "rail", "target": {"amount": 3000.5, "unit": "km"},
                 "dueOn": "2030-12-31", "binding": true, "madeOn": "2008-04-22", "sources": {{Sources}},
                 "alternative": {"group": "annex-2008", "version": "version A"} }
                """,
            ["/api/commitments/{commitmentId}/revisions"] = ids => $$"""
                {"target": {"amount": 2000, "unit": "km"}, "dueOn": "2032-12-31", "effectiveOn": "2009-10-01",
                 "reason": "Financing halved.", "amendmentId": "{{ids["amendmentId"]}}", "sources": {{Sources}}}
                """,
            ["/api/commitments/{commitmentId}/claims"] = _ => $$"""
                {"claimedBy": "Sino-Congolaise des Mines", "amount": 250, "asOf": "2024-06-30", "sources": {{Sources}}}
                """,
            ["/api/commitments/{commitmentId}/withdrawal"] = _ =>
                $$"""{"withdrawnOn": "2024-06-30", "reason": "Abandoned.", "sources": {{Sources}}}""",
            ["/api/commitments/{commitmentId}/observations"] = _ => """
                {"observedOn": "2024-03-01", "finding": {"assessment": "partially-delivered", "amount": 180},
                 "narrative": "Drove the road end to end.", "language": "fr",
                 "location": {"place": "Kolwezi", "lat": -10.71, "lon": 25.47},
                 "evidence": [{"sha256": "9f2c1e0d8b7a6f5e4d3c2b1a09f8e7d6c5b4a3928170f6e5d4c3b2a1908f7e6d",
                   "mediaType": "image/jpeg", "url": "https://example.org/km-180.jpg", "title": "Road at km 180"}]}
                """,
            ["/api/observations/{observationId}/moderation"] = _ =>
                """{"decision": "rejected", "reason": "The photos show another road."}""",
            ["/api/observations/{observationId}/erasure"] = _ => """{"reason": "The observer asked to be forgotten."}""",
            ["/api/deals/{dealId}/curators"] = ids => $$"""{"organizationId": "{{ids["orgId"]}}"}""",
            ["/api/units"] = _ =>
                """{"code": "bridges", "kind": "count", "english": "bridges", "french": "ponts", "additive": true}""",
            ["/api/organizations/{orgId}/keys/{keyId}/revocation"] = _ => """{"reason": "The key was leaked."}""",
            ["/api/subscriptions"] = ids => $$"""
                {"url": "https://203.0.113.10/ledger-webhooks", "secret": "hostile-suite-secret-0001",
                 "filter": {"deals": ["{{ids["dealId"]}}"], "parties": ["A Company"], "kinds": ["deal-amended"]} }
                """,
            // An import's body is NDJSON: one line of it, a deal, is also a JSON object.
            ["/api/imports"] = _ => System.Text.Json.Nodes.JsonNode.Parse($$"""
                {"type": "deal", "ref": "roads", "title": "Roads for minerals",
                 "parties": [{"name": "A State", "kind": "state", "country": "CD"},
                 {"name": "A Company", "kind": "company", "country": "CN"}], "summary": "Roads for mining rights.",
                 "signedOn": "2008-04-22", "sources": {{Sources}}}
                """)!.ToJsonString(),
            ["/api/ledger/cosignatures"] = ids => System.Text.Json.JsonSerializer.Serialize(new { note = ids["cosignedNote"] }),
        };
}
