using System.Net;
using Ledger.Api.Tests.Hosting;

namespace Ledger.Api.Tests.Commitments;

[Collection(CommitmentsCollection.Name)]
public sealed class making_commitments(LedgerApi api)
{
    [Fact]
    public async Task a_new_commitment_reads_as_not_started_with_every_status_field()
    {
        var (dealId, commitmentId) = await api.DealWithCommitment(Scenarios.Commitment(amount: 3215, unit: "km", dueOn: "2035-01-01"));

        var status = await api.Status(commitmentId);
        Assert.Equal(commitmentId, status.GetProperty("id").GetString());
        Assert.Equal(dealId, status.GetProperty("dealId").GetString());
        Assert.Equal("Build railway", status.GetProperty("title").GetString());
        Assert.Equal("Sino-Congolaise des Mines", status.GetProperty("promisor").GetString());
        Assert.Equal("rail", status.GetProperty("category").GetString());
        Assert.Equal("km", status.GetProperty("unit").GetString());
        Assert.Equal(3215m, status.GetProperty("target").GetDecimal());
        Assert.Equal(3215m, status.GetProperty("originalTarget").GetDecimal());
        Assert.Equal(0m, status.GetProperty("claimed").GetDecimal());
        Assert.Equal(0m, status.GetProperty("verified").GetDecimal());
        Assert.Equal(3215m, status.GetProperty("gap").GetDecimal());
        Assert.Equal("2035-01-01", status.GetProperty("dueOn").GetString());
        Assert.Equal("not-started", status.GetProperty("status").GetString());
        Assert.Equal(1, status.GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task the_promisor_must_be_a_party_to_the_deal()
    {
        var dealId = await api.RegisterDeal();
        var commitment = new
        {
            promisor = "Somebody else", title = "Roads", category = "roads", target = new { amount = 100, unit = "kilometres" },
            binding = true, madeOn = "2008-04-22", sources = new[] { Scenarios.Source() },
        };
        await api.Admin().Post($"/api/deals/{dealId}/commitments", commitment)
            .ExpectProblem(HttpStatusCode.BadRequest, "promisor", "target.unit");
        Assert.Equal(1, await api.CountEventsAsync(dealId));
    }

    [Fact]
    public async Task an_overdue_commitment_with_nothing_verified_reads_overdue()
    {
        var (_, commitmentId) = await api.DealWithCommitment(Scenarios.Commitment(dueOn: "2013-12-31"));
        Assert.Equal("overdue", (await api.Status(commitmentId)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task unknown_commitments_are_404()
    {
        var unknown = Guid.NewGuid();
        await api.Anonymous().GetAsync($"/api/commitments/{unknown}").ExpectProblem(HttpStatusCode.NotFound);
        await api.Anonymous().GetAsync($"/api/commitments/{unknown}/history").ExpectProblem(HttpStatusCode.NotFound);
        await api.Admin().Post($"/api/commitments/{unknown}/claims", new { }).ExpectProblem(HttpStatusCode.NotFound);
        await api.Admin().Post($"/api/commitments/{unknown}/revisions", new { }).ExpectProblem(HttpStatusCode.NotFound);
        await api.Admin().Post($"/api/commitments/{unknown}/withdrawal", new { }).ExpectProblem(HttpStatusCode.NotFound);
        await api.Admin().Post($"/api/commitments/{unknown}/observations", Scenarios.Observation(), "k-unknown").ExpectProblem(HttpStatusCode.NotFound);
    }
}
