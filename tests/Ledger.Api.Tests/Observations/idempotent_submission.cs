using System.Net;
using Ledger.Api.Tests.Hosting;

namespace Ledger.Api.Tests.Observations;

/// <summary>Observers retry on flaky connections: the same Idempotency-Key must never record an observation twice.</summary>
[Collection(ObservationsCollection.Name)]
public sealed class idempotent_submission(LedgerApi api)
{
    [Fact]
    public async Task an_observation_without_an_idempotency_key_is_400_and_records_nothing()
    {
        var (_, commitmentId) = await api.DealWithCommitment();
        var observer = await api.ClientWithRole("observer");
        var before = await api.CountEventsAsync();
        await observer.Post($"/api/commitments/{commitmentId}/observations", Scenarios.Observation()).ExpectProblem(HttpStatusCode.BadRequest);
        Assert.Equal(before, await api.CountEventsAsync());
    }

    [Fact]
    public async Task the_same_key_and_body_again_replays_the_first_answer_and_appends_nothing()
    {
        var (_, commitmentId) = await api.DealWithCommitment();
        var observer = await api.ClientWithRole("observer");
        var key = Guid.NewGuid().ToString();

        using var first = await observer.Post($"/api/commitments/{commitmentId}/observations", Scenarios.Observation(), key);
        var before = await api.CountEventsAsync();
        using var again = await observer.Post($"/api/commitments/{commitmentId}/observations", Scenarios.Observation(), key);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.Equal((await first.Json()).GetProperty("id").GetString(), (await again.Json()).GetProperty("id").GetString());
        Assert.Equal(first.Headers.Location, again.Headers.Location);
        Assert.Equal(before, await api.CountEventsAsync());
    }

    [Fact]
    public async Task the_same_key_with_another_body_is_422()
    {
        var (_, commitmentId) = await api.DealWithCommitment();
        var observer = await api.ClientWithRole("observer");
        var key = Guid.NewGuid().ToString();
        await observer.Post($"/api/commitments/{commitmentId}/observations", Scenarios.Observation(amount: 1), key).Expect(HttpStatusCode.Created);
        var before = await api.CountEventsAsync();

        await observer.Post($"/api/commitments/{commitmentId}/observations", Scenarios.Observation(amount: 2), key)
            .ExpectProblem(HttpStatusCode.UnprocessableEntity);
        Assert.Equal(before, await api.CountEventsAsync());
    }

    [Fact]
    public async Task concurrent_retries_with_one_key_record_one_observation()
    {
        var (_, commitmentId) = await api.DealWithCommitment();
        var observer = await api.ClientWithRole("observer");
        var key = Guid.NewGuid().ToString();

        var responses = await Task.WhenAll(Enumerable.Range(0, 4)
            .Select(_ => observer.Post($"/api/commitments/{commitmentId}/observations", Scenarios.Observation(), key)));

        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict, $"got {(int)r.StatusCode}"));
        var ids = new HashSet<string?>();
        foreach (var r in responses.Where(r => r.StatusCode == HttpStatusCode.Created)) ids.Add((await r.Json()).GetProperty("id").GetString());
        Assert.Single(ids);
        Assert.Equal(1, await api.ScalarAsync<long>(
            "SELECT count(*) FROM mt_events WHERE type = 'observation_submitted' AND data->>'commitmentId' = @id", ("id", commitmentId)));
    }

    [Fact]
    public async Task idempotency_keys_also_protect_curator_writes()
    {
        var key = Guid.NewGuid().ToString();
        var first = await api.Admin().Post("/api/deals", Scenarios.Deal("Replayed deal"), key).Expect(HttpStatusCode.Created);
        var before = await api.CountEventsAsync();
        var again = await api.Admin().Post("/api/deals", Scenarios.Deal("Replayed deal"), key).Expect(HttpStatusCode.Created);
        Assert.Equal(first.GetProperty("id").GetString(), again.GetProperty("id").GetString());
        Assert.Equal(before, await api.CountEventsAsync());
    }
}
