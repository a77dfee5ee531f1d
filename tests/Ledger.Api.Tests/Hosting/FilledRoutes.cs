using System.Net;

namespace Ledger.Api.Tests.Hosting;

/// <summary>
/// Real values for every route parameter on a seeded ledger: a seeded deal, its first commitment and that commitment's
/// promisor, a new organization with an observer key, that observer's pending observation, a webhook subscription of
/// the admin key's, and an admin's import (whose one line was rejected: its report is kept all the same).
/// </summary>
public sealed record FilledRoutes(
    string DealId, string CommitmentId, string Party, string OrgId, string KeyId, string ObserverKey, string ObservationId,
    string SubscriptionId, string ImportId)
{
    public static readonly string[] Pages =
        ["/", "/deals/{dealId}", "/commitments/{commitmentId}", "/gaps", "/sign-in", "/moderation"];

    public static async Task<FilledRoutes> PrepareAsync(LedgerApi api)
    {
        await api.WaitForProjectionsAsync();
        var deals = await api.Anonymous().GetAsync("/api/deals").Expect(HttpStatusCode.OK);
        var dealId = deals[0].GetProperty("id").GetString()!;
        var deal = await api.Anonymous().GetAsync($"/api/deals/{dealId}").Expect(HttpStatusCode.OK);
        var commitment = deal.GetProperty("commitments")[0];
        var commitmentId = commitment.GetProperty("id").GetString()!;
        var orgId = await api.RegisterOrganization("Contract");
        var (observerKey, keyId) = await api.IssueKey(orgId, "observer");
        var seenToday = new
        {
            observedOn = DateOnly.FromDateTime(DateTime.UtcNow).ToString("yyyy-MM-dd"), // after any seeded commitment was made
            finding = new { assessment = "not-delivered", amount = 0 },
            narrative = "Nothing built at the site yet.",
            language = "en",
            location = new { place = "Kolwezi", lat = -10.71, lon = 25.47 },
            evidence = Array.Empty<object>(),
        };
        var observationId = await api.SubmitObservation(api.WithKey(observerKey), commitmentId, seenToday);
        using var import = new HttpRequestMessage(HttpMethod.Post, "/api/imports")
        {
            Content = new StringContent("""{"type": "deal"}""", System.Text.Encoding.UTF8, "application/x-ndjson"),
        };
        import.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        var importId = (await api.Admin().SendAsync(import).Expect(HttpStatusCode.BadRequest)).GetProperty("importId").GetString()!;
        await api.WaitForProjectionsAsync();
        var subscriptionId = (await api.Admin().Post("/api/subscriptions", new { url = "https://203.0.113.10/contract" })
            .Expect(HttpStatusCode.Created)).GetProperty("id").GetString()!;
        return new(dealId, commitmentId, commitment.GetProperty("promisor").GetString()!, orgId, keyId, observerKey, observationId,
            subscriptionId, importId);
    }

    /// <summary>The route with real ids, and the query a proof needs to answer 200.</summary>
    public string Fill(string route) => route switch
    {
        "/api/ledger/proofs/inclusion" => route + "?index=0",
        "/api/ledger/proofs/consistency" => route + "?from=1",
        _ => FillIds(route),
    };

    string FillIds(string route) => route.Replace("{dealId}", DealId).Replace("{commitmentId}", CommitmentId)
        .Replace("{observationId}", ObservationId).Replace("{orgId}", OrgId).Replace("{keyId}", KeyId)
        .Replace("{subscriptionId}", SubscriptionId)
        .Replace("{name}", Uri.EscapeDataString(Party)).Replace("{index}", "0").Replace("{importId}", ImportId)
        .Replace("{sha256}", new string('e', 64)); // no such file: a 404, declared like any other

    /// <summary>The route with ids no record has.</summary>
    public static string Unknown(string route) => System.Text.RegularExpressions.Regex.Replace(route, "{[^}]+}", m => m.Value switch
    {
        "{index}" => "999999999",
        "{name}" => "No such party",
        "{sha256}" => new string('e', 64),
        _ => Guid.NewGuid().ToString(),
    });
}
