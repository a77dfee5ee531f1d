using System.Net;
using System.Text;
using Ledger.Api.Tests.Hosting;

namespace Ledger.Api.Tests.Infrastructure;

/// <summary>A JSON body of <c>null</c> is well-formed JSON but no request: every write route answers 400 and records nothing.</summary>
[Collection(PlatformCollection.Name)]
public sealed class a_null_body(LedgerApi api)
{
    [Fact]
    public async Task is_refused_by_every_write_route_with_400_naming_the_body()
    {
        var document = await api.Anonymous().GetAsync("/openapi/v1.json").Expect(HttpStatusCode.OK);
        var writes = document.GetProperty("paths").EnumerateObject()
            // The upload takes a form; an import NDJSON, whose null line importing_ndjson sees refused.
            .Where(path => path.Value.TryGetProperty("post", out _) && path.Name is not ("/api/evidence" or "/api/imports"))
            .Select(path => path.Name).ToList();
        Assert.True(writes.Count >= 10, $"only {writes.Count} write routes");
        var (dealId, commitmentId) = await api.DealWithCommitment();
        var observationId = await api.SubmitObservation(await api.ClientWithRole("observer"), commitmentId);
        var org = await api.Admin().Post("/api/organizations", new { name = $"Null body {Guid.NewGuid():N}" })
            .Expect(HttpStatusCode.Created);
        var observer = await api.ClientWithRole("observer");
        var before = await WrittenAsync();

        foreach (var route in writes)
        {
            var url = route.Replace("{dealId}", dealId).Replace("{commitmentId}", commitmentId)
                .Replace("{observationId}", observationId).Replace("{orgId}", org.GetProperty("id").GetString());
            var request = new HttpRequestMessage(HttpMethod.Post, url)
            {
                Content = new StringContent("null", Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
            var client = route.EndsWith("/observations") ? observer : api.Admin();
            await client.SendAsync(request).ExpectProblem(HttpStatusCode.BadRequest, "$");
        }
        Assert.Equal(before, await WrittenAsync());
    }

    /// <summary>Events written by requests: the ledger's own deadline checks may append meanwhile.</summary>
    Task<long> WrittenAsync() => api.ScalarAsync<long>("SELECT count(*) FROM mt_events WHERE type <> 'deadline_passed'");
}
