using System.Net;
using Ledger.Api.Tests.Hosting;

namespace Ledger.Api.Tests.Commitments;

[Collection(CommitmentsCollection.Name)]
public sealed class revising_commitments(LedgerApi api)
{
    static object Revision(decimal amount, long? expectedVersion = null, string effectiveOn = "2009-10-01") => new
    {
        target = new { amount, unit = "km" }, effectiveOn, reason = "Reduced after the IMF review", sources = new[] { Scenarios.Source() },
        expectedVersion,
    };

    [Fact]
    public async Task a_revision_changes_the_current_target_and_keeps_the_original()
    {
        var (_, commitmentId) = await api.DealWithCommitment(Scenarios.Commitment(amount: 3215));

        var revised = await api.Admin().Post($"/api/commitments/{commitmentId}/revisions", Revision(2000, expectedVersion: 1))
            .Expect(HttpStatusCode.Created);
        Assert.Equal(2, revised.GetProperty("version").GetInt64());

        var status = await api.Status(commitmentId);
        Assert.Equal(2000m, status.GetProperty("target").GetDecimal());
        Assert.Equal(3215m, status.GetProperty("originalTarget").GetDecimal());
        Assert.Equal(2000m, status.GetProperty("gap").GetDecimal());
        Assert.Equal(2, status.GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task a_stale_expected_version_is_409_and_records_nothing()
    {
        var (_, commitmentId) = await api.DealWithCommitment();
        await api.Admin().Post($"/api/commitments/{commitmentId}/revisions", Revision(2000, expectedVersion: 1)).Expect(HttpStatusCode.Created);

        var problem = await api.Admin().Post($"/api/commitments/{commitmentId}/revisions", Revision(1500, expectedVersion: 1))
            .ExpectProblem(HttpStatusCode.Conflict);
        Assert.Equal("expectedVersion", problem.GetProperty("field").GetString());
        Assert.Equal(2, await api.CountEventsAsync(commitmentId));
    }

    [Fact]
    public async Task of_two_concurrent_revisions_with_the_same_expected_version_exactly_one_wins()
    {
        var (_, commitmentId) = await api.DealWithCommitment();
        var first = api.Admin();
        var second = api.Admin();

        var responses = await Task.WhenAll(
            first.Post($"/api/commitments/{commitmentId}/revisions", Revision(2000, expectedVersion: 1)),
            second.Post($"/api/commitments/{commitmentId}/revisions", Revision(1000, expectedVersion: 1)));

        var codes = responses.Select(r => r.StatusCode).OrderBy(c => c).ToArray();
        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Conflict], codes);
        var loser = responses.Single(r => r.StatusCode == HttpStatusCode.Conflict);
        Assert.Equal("application/problem+json", loser.Content.Headers.ContentType?.MediaType);
        Assert.Equal(2, await api.CountEventsAsync(commitmentId));
        Assert.Equal(2, (await api.Status(commitmentId)).GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task a_revision_may_not_change_the_unit_and_must_change_something()
    {
        var (_, commitmentId) = await api.DealWithCommitment();
        await api.Admin().Post($"/api/commitments/{commitmentId}/revisions", new
        {
            target = new { amount = 100, unit = "USD" }, effectiveOn = "2010-01-01", reason = "x", sources = new[] { Scenarios.Source() },
        }).ExpectProblem(HttpStatusCode.BadRequest, "target.unit");
        await api.Admin().Post($"/api/commitments/{commitmentId}/revisions", new
        {
            effectiveOn = "2010-01-01", reason = "x", sources = new[] { Scenarios.Source() },
        }).ExpectProblem(HttpStatusCode.BadRequest, "target");
        await api.Admin().Post($"/api/commitments/{commitmentId}/revisions", new
        {
            dueOn = "2040-12-31", effectiveOn = "2010-01-01", reason = "x", amendmentId = Guid.NewGuid(), sources = new[] { Scenarios.Source() },
        }).ExpectProblem(HttpStatusCode.BadRequest, "amendmentId");
        Assert.Equal(1, await api.CountEventsAsync(commitmentId));
    }

    [Fact]
    public async Task a_revision_may_cite_an_amendment_of_the_deal_and_move_the_deadline()
    {
        var (dealId, commitmentId) = await api.DealWithCommitment(Scenarios.Commitment(dueOn: "2020-12-31"));
        var amendmentId = (await api.Admin().Post($"/api/deals/{dealId}/amendments", new
        {
            effectiveOn = "2024-01-29", summary = "Baseline reset through 2040", sources = new[] { Scenarios.Source() },
        }).Expect(HttpStatusCode.Created)).GetProperty("id").GetString();

        await api.Admin().Post($"/api/commitments/{commitmentId}/revisions", new
        {
            dueOn = "2040-12-31", effectiveOn = "2024-01-29", reason = "2024 amendment", amendmentId, sources = new[] { Scenarios.Source() },
        }).Expect(HttpStatusCode.Created);

        var status = await api.Status(commitmentId);
        Assert.Equal("2040-12-31", status.GetProperty("dueOn").GetString());
        Assert.Equal("2020-12-31", status.GetProperty("originalDueOn").GetString());
        Assert.Equal("not-started", status.GetProperty("status").GetString());
    }
}
