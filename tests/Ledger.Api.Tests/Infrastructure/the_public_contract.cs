using System.Net;
using Ledger.Api.Tests.Hosting;

namespace Ledger.Api.Tests.Infrastructure;

[Collection(PlatformCollection.Name)]
public sealed class the_public_contract(LedgerApi api)
{
    static readonly string[] ContractRoutes =
    [
        "POST /api/organizations", "POST /api/organizations/{orgId}/keys", "POST /api/deals", "GET /api/deals", "GET /api/deals/{dealId}",
        "POST /api/deals/{dealId}/amendments", "POST /api/deals/{dealId}/announcements", "POST /api/deals/{dealId}/commitments",
        "GET /api/commitments/{commitmentId}", "GET /api/commitments/{commitmentId}/history", "POST /api/commitments/{commitmentId}/revisions",
        "POST /api/commitments/{commitmentId}/claims", "POST /api/commitments/{commitmentId}/observations",
        "POST /api/observations/{observationId}/moderation", "GET /api/observations/{observationId}", "GET /health",
        "GET /api/commitments/{commitmentId}/series", "GET /api/deals/{dealId}/series",
    ];

    static async Task<List<string>> Routes(LedgerApi api)
    {
        var document = await api.Anonymous().GetAsync("/openapi/v1.json").Expect(HttpStatusCode.OK);
        return [.. document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(method => $"{method.Name.ToUpperInvariant()} {path.Name}"))];
    }

    [Fact]
    public async Task openapi_describes_every_contract_route()
    {
        var routes = await Routes(api);
        Assert.All(ContractRoutes, route => Assert.Contains(route, routes));
    }

    // A webhook subscription is a caller's own setting, not a ledger record: it alone can be deleted.
    static readonly string[] Deletable = ["DELETE /api/subscriptions/{subscriptionId}"];

    [Fact]
    public async Task there_is_no_update_or_delete_route()
    {
        var routes = (await Routes(api)).Except(Deletable).ToList();
        Assert.DoesNotContain(routes, r => r.StartsWith("PUT ") || r.StartsWith("PATCH ") || r.StartsWith("DELETE "));
        using var delete = await api.Admin().DeleteAsync($"/api/deals/{Guid.NewGuid()}");
        Assert.True(delete.StatusCode is HttpStatusCode.MethodNotAllowed or HttpStatusCode.NotFound, $"DELETE answered {(int)delete.StatusCode}");
    }

    // A witness's cosignature is authenticated by its signature under a registered witness key, not by an API key:
    // witnessing_checkpoints proves that an unregistered key is refused.
    static readonly string[] SignedWrites = ["POST /api/ledger/cosignatures"];

    [Fact]
    public async Task every_write_route_needs_a_key()
    {
        var writes = (await Routes(api)).Where(r => r.StartsWith("POST ") && !SignedWrites.Contains(r)).ToList();
        Assert.NotEmpty(writes);
        foreach (var route in writes)
        {
            var path = route["POST ".Length..].Replace("{orgId}", $"{Guid.NewGuid()}").Replace("{dealId}", $"{Guid.NewGuid()}")
                .Replace("{commitmentId}", $"{Guid.NewGuid()}").Replace("{observationId}", $"{Guid.NewGuid()}");
            using var response = await api.Anonymous().Post(path, new { });
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{route} answered {(int)response.StatusCode} without a key");
        }
    }

    [Fact]
    public async Task health_answers_when_the_database_does()
    {
        var health = await api.Anonymous().GetAsync("/health").Expect(HttpStatusCode.OK);
        Assert.Equal("healthy", health.GetProperty("status").GetString());
    }

    [Fact]
    public async Task the_unit_catalogue_is_public()
    {
        var units = await api.Anonymous().GetAsync("/api/units").Expect(HttpStatusCode.OK);
        Assert.Contains(units.EnumerateArray(), u => u.GetProperty("code").GetString() == "USD" && u.GetProperty("kind").GetString() == "currency");
    }

    [Fact]
    public async Task an_unknown_route_is_a_404_problem()
    {
        await api.Anonymous().GetAsync("/api/nothing-here").ExpectProblem(HttpStatusCode.NotFound);
    }
}
