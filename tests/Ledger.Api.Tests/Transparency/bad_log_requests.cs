using System.Net;
using Ledger.Api.Tests.Hosting;

namespace Ledger.Api.Tests.Transparency;

/// <summary>A malformed question to the log is a 400 naming the parameter; a question about entries it does not have, a 404.</summary>
[Collection(TransparencyCollection.Name)]
public sealed class bad_log_requests(LedgerApi api)
{
    [Theory]
    [InlineData("/api/ledger/proofs/inclusion", "index")]
    [InlineData("/api/ledger/proofs/inclusion?index=abc", "index")]
    [InlineData("/api/ledger/proofs/inclusion?index=-1", "index")]
    [InlineData("/api/ledger/proofs/inclusion?sequence=0", "sequence")]
    [InlineData("/api/ledger/proofs/inclusion?index=0&sequence=1", "sequence")]
    [InlineData("/api/ledger/proofs/inclusion?index=0&treeSize=0", "treeSize")]
    [InlineData("/api/ledger/proofs/inclusion?index=0&treeSize=999999999", "treeSize")]
    [InlineData("/api/ledger/proofs/inclusion?index=1&treeSize=1", "index")]
    [InlineData("/api/ledger/proofs/consistency", "from")]
    [InlineData("/api/ledger/proofs/consistency?from=x&to=2", "from")]
    [InlineData("/api/ledger/proofs/consistency?from=2&to=1", "from")]
    [InlineData("/api/ledger/proofs/consistency?from=1&to=999999999", "to")]
    [InlineData("/api/ledger/entries/abc", "index")]
    [InlineData("/api/ledger/entries/-3", "index")]
    [InlineData("/api/ledger/entries?count=1001", "count")]
    [InlineData("/api/ledger/entries?start=x", "start")]
    [InlineData("/api/ledger/checkpoints?pageSize=0", "pageSize")]
    [InlineData("/api/ledger/checkpoints?page=0", "page")]
    public async Task a_bad_parameter_is_400_naming_it(string url, string field)
    {
        await api.DealWithCommitment();
        await api.CheckpointCoveringEverythingAsync();

        await api.Anonymous().GetAsync(url).ExpectProblem(HttpStatusCode.BadRequest, field);
    }

    [Theory]
    [InlineData("/api/ledger/entries/999999999")]
    [InlineData("/api/ledger/proofs/inclusion?index=999999999")]
    [InlineData("/api/ledger/proofs/inclusion?sequence=999999999")]
    public async Task an_entry_beyond_the_log_is_404(string url)
    {
        await api.RegisterDeal();
        await api.CheckpointCoveringEverythingAsync();

        var problem = await api.Anonymous().GetAsync(url).ExpectProblem(HttpStatusCode.NotFound);
        Assert.Contains("999999999", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task a_consistency_proof_between_equal_sizes_is_empty()
    {
        await api.RegisterDeal();
        var size = (await api.CheckpointCoveringEverythingAsync()).GetProperty("treeSize").GetInt64();

        var proof = await api.Anonymous().GetAsync($"/api/ledger/proofs/consistency?from={size}&to={size}").Expect(HttpStatusCode.OK);

        Assert.Empty(proof.GetProperty("hashes").EnumerateArray());
    }

    [Fact]
    public async Task the_log_routes_are_in_the_public_contract()
    {
        var document = await api.Anonymous().GetAsync("/openapi/v1.json").Expect(HttpStatusCode.OK);
        var paths = document.GetProperty("paths");
        foreach (var route in new[]
                 {
                     "/api/ledger/checkpoint", "/api/ledger/checkpoints", "/api/ledger/entries", "/api/ledger/entries/{index}",
                     "/api/ledger/proofs/inclusion", "/api/ledger/proofs/consistency", "/api/ledger/public-key",
                 })
            Assert.True(paths.TryGetProperty(route, out var path) && path.TryGetProperty("get", out _), $"{route} is not in the OpenAPI document");
        var receipt = document.GetProperty("components").GetProperty("schemas").GetProperty("Receipt");
        Assert.Equal("integer", receipt.GetProperty("properties").GetProperty("sequence").GetProperty("type").GetString());
    }
}
