using System.Net;
using Ledger.Api.Tests.Hosting;

namespace Ledger.Api.Tests.Observations;

[Collection(ObservationsCollection.Name)]
public sealed class listing_observations(LedgerApi api)
{
    [Fact]
    public async Task the_public_sees_accepted_observations_and_curators_see_every_status()
    {
        var (dealId, commitmentId) = await api.DealWithCommitment();
        var observer = await api.ClientWithRole("observer");
        var curator = await api.CuratorOf(dealId);
        var accepted = await api.SubmitObservation(observer, commitmentId, Scenarios.Observation(amount: 10));
        var pending = await api.SubmitObservation(observer, commitmentId, Scenarios.Observation(amount: 20));
        await curator.Post($"/api/observations/{accepted}/moderation", new { decision = "accepted" }).Expect(HttpStatusCode.OK);

        var publicList = await api.Anonymous().GetAsync($"/api/commitments/{commitmentId}/observations").Expect(HttpStatusCode.OK);
        Assert.Equal([accepted], publicList.EnumerateArray().Select(o => o.GetProperty("id").GetString()));

        var curatorList = await curator.GetAsync($"/api/commitments/{commitmentId}/observations").Expect(HttpStatusCode.OK);
        Assert.Equal(2, curatorList.GetArrayLength());
        var pendingOnly = await curator.GetAsync($"/api/commitments/{commitmentId}/observations?status=pending").Expect(HttpStatusCode.OK);
        Assert.Equal([pending], pendingOnly.EnumerateArray().Select(o => o.GetProperty("id").GetString()));

        await api.Anonymous().GetAsync($"/api/commitments/{commitmentId}/observations?status=pending").ExpectProblem(HttpStatusCode.Forbidden);
        await observer.GetAsync($"/api/commitments/{commitmentId}/observations?status=rejected").ExpectProblem(HttpStatusCode.Forbidden);
        await curator.GetAsync($"/api/commitments/{commitmentId}/observations?status=bogus").ExpectProblem(HttpStatusCode.BadRequest);
        await api.Anonymous().GetAsync($"/api/commitments/{Guid.NewGuid()}/observations").ExpectProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task the_moderation_queue_lists_pending_observations_oldest_first_for_curators_only()
    {
        var (_, commitmentId) = await api.DealWithCommitment();
        var observer = await api.ClientWithRole("observer");
        var first = await api.SubmitObservation(observer, commitmentId);
        var second = await api.SubmitObservation(observer, commitmentId);

        var queue = await api.Admin().GetAsync("/api/observations?status=pending&pageSize=500").Expect(HttpStatusCode.OK);
        var ids = queue.GetProperty("items").EnumerateArray().Select(o => o.GetProperty("id").GetString()).ToList();
        Assert.True(ids.IndexOf(first) >= 0 && ids.IndexOf(first) < ids.IndexOf(second), "oldest submission first");
        Assert.True(queue.GetProperty("total").GetInt64() >= 2);

        await api.Admin().Post($"/api/observations/{first}/moderation", new { decision = "rejected", reason = "Duplicate" }).Expect(HttpStatusCode.OK);
        queue = await api.Admin().GetAsync("/api/observations?pageSize=500").Expect(HttpStatusCode.OK);
        Assert.DoesNotContain(queue.GetProperty("items").EnumerateArray(), o => o.GetProperty("id").GetString() == first);

        await observer.GetAsync("/api/observations").ExpectProblem(HttpStatusCode.Forbidden);
        await api.Anonymous().GetAsync("/api/observations").ExpectProblem(HttpStatusCode.Unauthorized);
        await api.Admin().GetAsync("/api/observations?pageSize=0").ExpectProblem(HttpStatusCode.BadRequest, "pageSize");
    }

    [Fact]
    public async Task the_queue_pages_walk_the_whole_queue_in_order_and_count_all_of_it()
    {
        var (_, commitmentId) = await api.DealWithCommitment();
        var observer = await api.ClientWithRole("observer");
        for (var i = 0; i < 3; i++) await api.SubmitObservation(observer, commitmentId);

        var whole = await api.Admin().GetAsync("/api/observations?pageSize=500").Expect(HttpStatusCode.OK);
        var all = whole.GetProperty("items").EnumerateArray().Select(o => o.GetProperty("id").GetString()).ToList();
        Assert.Equal(all.Count, whole.GetProperty("total").GetInt64());

        var walked = new List<string?>();
        for (var page = 1; page <= all.Count; page++)
        {
            var one = await api.Admin().GetAsync($"/api/observations?page={page}&pageSize=1").Expect(HttpStatusCode.OK);
            Assert.Equal(all.Count, one.GetProperty("total").GetInt64());
            Assert.Equal(page, one.GetProperty("page").GetInt32());
            walked.AddRange(one.GetProperty("items").EnumerateArray().Select(o => o.GetProperty("id").GetString()));
        }
        Assert.Equal(all, walked);
        var beyond = await api.Admin().GetAsync($"/api/observations?page={all.Count + 1}&pageSize=1").Expect(HttpStatusCode.OK);
        Assert.Empty(beyond.GetProperty("items").EnumerateArray());
        Assert.Equal(all.Count, beyond.GetProperty("total").GetInt64());
    }
}
