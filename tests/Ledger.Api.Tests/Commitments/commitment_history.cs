using System.Text.Json;
using System.Net;
using Ledger.Api.Tests.Hosting;

namespace Ledger.Api.Tests.Commitments;

[Collection(CommitmentsCollection.Name)]
public sealed class commitment_history(LedgerApi api)
{
    [Fact]
    public async Task history_lists_every_event_oldest_first_with_domain_date_recorded_time_sources_and_author()
    {
        var (_, commitmentId) = await api.DealWithCommitment();
        var curator = await api.ClientWithRole("curator");
        var claim = new HttpRequestMessage(HttpMethod.Post, $"/api/commitments/{commitmentId}/claims")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new
            {
                claimedBy = "Sicomines", amount = 43, asOf = "2023-03-01",
                sources = new[] { Scenarios.Source("https://example.org/sicomines-43-projects") },
            }),
        };
        claim.Headers.Add("X-Correlation-Id", "field-visit-2023");
        await curator.SendAsync(claim).Expect(HttpStatusCode.Created);
        var observer = await api.ClientWithRole("observer");
        var observationId = await api.SubmitObservation(observer, commitmentId);

        // The observation is pending: the public history leaves it out; its own organization sees it.
        var publicHistory = await api.Anonymous().GetAsync($"/api/commitments/{commitmentId}/history")
            .Expect(HttpStatusCode.OK);
        Assert.Equal(["commitment_made", "delivery_claimed"],
            publicHistory.EnumerateArray().Select(e => e.GetProperty("type").GetString()));
        var history = await observer.GetAsync($"/api/commitments/{commitmentId}/history").Expect(HttpStatusCode.OK);
        var entries = history.EnumerateArray().ToList();
        Assert.Equal(["commitment_made", "delivery_claimed", "observation_submitted"], entries.Select(e => e.GetProperty("type").GetString()));
        Assert.True(entries.Select(e => e.GetProperty("sequence").GetInt64()).SequenceEqual(entries.Select(e => e.GetProperty("sequence").GetInt64()).Order()));

        var made = entries[0];
        Assert.Equal("2008-04-22", made.GetProperty("occurredOn").GetString());
        Assert.True(made.GetProperty("recordedAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-5));
        // A key id is shown to admins and to the key's own organization only: the bootstrap key is the operators'.
        Assert.Equal(JsonValueKind.Null, made.GetProperty("recordedBy").GetProperty("keyId").ValueKind);
        var asAdmin = await api.Admin().GetAsync($"/api/commitments/{commitmentId}/history").Expect(HttpStatusCode.OK);
        Assert.Equal("bootstrap", asAdmin[0].GetProperty("recordedBy").GetProperty("keyId").GetString());

        var claimed = entries[1];
        Assert.Equal("2023-03-01", claimed.GetProperty("occurredOn").GetString());
        Assert.Equal("https://example.org/sicomines-43-projects", claimed.GetProperty("sources")[0].GetProperty("url").GetString());
        Assert.Equal("field-visit-2023", claimed.GetProperty("correlationId").GetString());
        Assert.StartsWith("curator organization", claimed.GetProperty("recordedBy").GetProperty("organizationName").GetString());

        Assert.Equal(observationId, entries[2].GetProperty("streamId").GetString());
        Assert.StartsWith("observer organization", entries[2].GetProperty("recordedBy").GetProperty("organizationName").GetString());
    }
}
