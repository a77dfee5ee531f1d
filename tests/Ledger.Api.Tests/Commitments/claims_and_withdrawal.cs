using System.Net;
using Ledger.Api.Tests.Hosting;

namespace Ledger.Api.Tests.Commitments;

[Collection(CommitmentsCollection.Name)]
public sealed class claims_and_withdrawal(LedgerApi api)
{
    static object Claim(decimal amount, string asOf) =>
        new { claimedBy = "Sicomines", amount, asOf, sources = new[] { Scenarios.Source() } };

    [Fact]
    public async Task the_latest_claim_by_date_is_what_is_claimed()
    {
        var (_, commitmentId) = await api.DealWithCommitment(Scenarios.Commitment(amount: 3000));
        await api.Admin().Post($"/api/commitments/{commitmentId}/claims", Claim(822, "2023-06-01")).Expect(HttpStatusCode.Created);
        await api.Admin().Post($"/api/commitments/{commitmentId}/claims", Claim(500, "2021-01-01")).Expect(HttpStatusCode.Created);

        var status = await api.Status(commitmentId);
        Assert.Equal(822m, status.GetProperty("claimed").GetDecimal());
        Assert.Equal(0m, status.GetProperty("verified").GetDecimal());
        Assert.Equal("in-progress", status.GetProperty("status").GetString());
        Assert.Equal(3, status.GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task a_claim_needs_a_non_negative_amount_a_date_and_a_source()
    {
        var (_, commitmentId) = await api.DealWithCommitment();
        await api.Admin().Post($"/api/commitments/{commitmentId}/claims", new { claimedBy = "", amount = -1, asOf = "2099-01-01" })
            .ExpectProblem(HttpStatusCode.BadRequest, "claimedBy", "amount", "asOf", "sources");
        Assert.Equal(1, await api.CountEventsAsync(commitmentId));
    }

    [Fact]
    public async Task a_withdrawn_commitment_reads_withdrawn_and_can_be_neither_withdrawn_again_nor_revised()
    {
        var (_, commitmentId) = await api.DealWithCommitment();
        var withdrawal = new { withdrawnOn = "2019-05-01", reason = "Dropped from the revised list", sources = new[] { Scenarios.Source() } };
        var withdrawn = await api.Admin().Post($"/api/commitments/{commitmentId}/withdrawal", withdrawal).Expect(HttpStatusCode.OK);
        Assert.Equal("withdrawn", withdrawn.GetProperty("status").GetString());
        Assert.Equal(2, withdrawn.GetProperty("version").GetInt64());

        Assert.Equal("withdrawn", (await api.Status(commitmentId)).GetProperty("status").GetString());
        await api.Admin().Post($"/api/commitments/{commitmentId}/withdrawal", withdrawal).ExpectProblem(HttpStatusCode.Conflict);
        await api.Admin().Post($"/api/commitments/{commitmentId}/revisions", new
        {
            dueOn = "2040-01-01", effectiveOn = "2020-01-01", reason = "x", sources = new[] { Scenarios.Source() },
        }).ExpectProblem(HttpStatusCode.Conflict);
        Assert.Equal(2, await api.CountEventsAsync(commitmentId));
    }
}
