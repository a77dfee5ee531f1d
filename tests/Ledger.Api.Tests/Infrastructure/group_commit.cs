using System.Net;
using Ledger.Api.Tests.Hosting;
using Ledger.Infrastructure.Writing;
using Ledger.Observations;
using Ledger.Observations.Submitting;
using Ledger.Organizations;
using Ledger.Organizations.Keys;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Wolverine;
using Wolverine.Marten;

namespace Ledger.Api.Tests.Infrastructure;

/// <summary>
/// Submissions are committed by one writer, many to a transaction. These hold the writer at a lock in PostgreSQL while
/// writes queue, so that the writes sent meanwhile are known to share one batch.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class group_commit(LedgerApi api)
{
    GroupCommit Writer => api.Services.GetRequiredService<GroupCommit>();

    [Fact]
    public async Task concurrent_submissions_share_one_transaction_and_each_is_recorded_once_with_its_receipt()
    {
        var (_, commitmentId) = await api.DealWithCommitment();
        HttpClient[] observers = [await api.ClientWithRole("observer"), await api.ClientWithRole("observer")];
        var before = Writer.Committed;

        List<Task<HttpResponseMessage>> posts;
        await using (await HoldTheWriterAsync())
        {
            posts = [.. Enumerable.Range(0, 20).Select(i => observers[i % 2].Post(
                $"/api/commitments/{commitmentId}/observations", Scenarios.Observation(), Guid.NewGuid().ToString()))];
            await UntilWaitingAsync(20);
        }
        var responses = await Task.WhenAll(posts);

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var after = Writer.Committed;
        Assert.Equal((2, 21), (after.Commits - before.Commits, after.Writes - before.Writes)); // the hold, then all 20
        foreach (var response in responses)
        {
            var body = await response.Json();
            var id = body.GetProperty("id").GetString()!;
            Assert.Equal(body.GetProperty("receipt").GetProperty("sequence").GetInt64(), await api.ScalarAsync<long>(
                "SELECT seq_id FROM mt_events WHERE stream_id = @id::uuid AND version = 1", ("id", id)));
        }
        Assert.Equal(20, await api.ScalarAsync<long>(
            "SELECT count(DISTINCT stream_id) FROM mt_events WHERE type = 'observation_submitted' AND data->>'commitmentId' = @id",
            ("id", commitmentId)));
        Assert.Equal(20, await api.ScalarAsync<long>(
            "SELECT count(*) FROM mt_events WHERE type = 'observation_submitted' AND data->>'commitmentId' = @id",
            ("id", commitmentId)));
        // One session, yet each event is attributed to its own request: its caller's key and its correlation id.
        Assert.Equal((2, 20), (await api.ScalarAsync<long>(
            "SELECT count(DISTINCT headers->>'keyId') FROM mt_events WHERE type = 'observation_submitted' " +
            "AND data->>'commitmentId' = @id", ("id", commitmentId)), await api.ScalarAsync<long>(
            "SELECT count(DISTINCT correlation_id) FROM mt_events WHERE type = 'observation_submitted' " +
            "AND data->>'commitmentId' = @id", ("id", commitmentId))));
    }

    [Fact]
    public async Task a_write_the_database_refuses_appends_nothing_and_the_rest_of_its_batch_commits()
    {
        var (_, commitmentId) = await api.DealWithCommitment();
        var caller = new Caller(Guid.CreateVersion7(), "Batch watch", $"key-{Guid.NewGuid():N}", Role.Observer);
        var commitment = Guid.Parse(commitmentId);
        // The commitment's own stream id: the decision passes, the append collides in the database.
        Guid[] ids = [Guid.CreateVersion7(), Guid.CreateVersion7(), commitment, Guid.CreateVersion7(), Guid.CreateVersion7()];

        List<Task<Outcome<ObservationRecorded>>> writes;
        await using (await HoldTheWriterAsync())
        {
            writes = [.. ids.Select(id => Submit(new SubmitObservationCommand(commitment, id, Request(), caller)))];
            await UntilWaitingAsync(ids.Length);
        }

        Assert.Equal(new ObservationRecorded(commitment, 1, AlreadyRecorded: true), (await writes[2]).Appended);
        foreach (var i in new[] { 0, 1, 3, 4 })
        {
            var recorded = (await writes[i]).Appended!;
            Assert.Equal(ids[i], recorded.StreamId);
            Assert.Equal(1, await api.CountEventsAsync(ids[i].ToString()));
        }
        Assert.Equal(4, await api.ScalarAsync<long>(
            "SELECT count(*) FROM mt_events WHERE type = 'observation_submitted' AND data->>'commitmentId' = @id",
            ("id", commitmentId)));
    }

    [Fact]
    public async Task a_retry_in_the_same_batch_as_its_first_attempt_records_one_observation()
    {
        var (_, commitmentId) = await api.DealWithCommitment();
        var observer = await api.ClientWithRole("observer");
        var key = Guid.NewGuid().ToString();

        List<Task<HttpResponseMessage>> posts;
        await using (await HoldTheWriterAsync())
        {
            posts = [.. Enumerable.Range(0, 3).Select(_ =>
                observer.Post($"/api/commitments/{commitmentId}/observations", Scenarios.Observation(), key))];
            await UntilWaitingAsync(3);
        }
        var responses = await Task.WhenAll(posts);

        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict, $"got {(int)r.StatusCode}"));
        Assert.Contains(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.Equal(1, await api.ScalarAsync<long>(
            "SELECT count(*) FROM mt_events WHERE type = 'observation_submitted' AND data->>'commitmentId' = @id",
            ("id", commitmentId)));
        using var replay = await observer.Post($"/api/commitments/{commitmentId}/observations", Scenarios.Observation(), key);
        Assert.Equal(HttpStatusCode.Created, replay.StatusCode);
    }

    static SubmitObservation Request() => new(
        new DateOnly(2024, 3, 1), new FindingInput(Assessment.PartiallyDelivered, 100), "Seen on site.", "fr", null, []);

    async Task<Outcome<ObservationRecorded>> Submit(SubmitObservationCommand command)
    {
        using var scope = api.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<IMessageBus>().InvokeAsync<Outcome<ObservationRecorded>>(command);
    }

    /// <summary>
    /// Takes a PostgreSQL advisory lock, then queues a write that waits for it: the writer stays inside that write's
    /// transaction, taking nothing else, until the returned hold is disposed.
    /// </summary>
    async Task<IAsyncDisposable> HoldTheWriterAsync()
    {
        var key = Random.Shared.NextInt64(1, long.MaxValue);
        var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        await using (var take = new NpgsqlCommand($"SELECT pg_advisory_lock({key})", connection)) await take.ExecuteNonQueryAsync();
        await using var session = api.Services.GetRequiredService<IDocumentStore>().LightweightSession();
        var held = Writer.AppendAsync(session, new WaitForLock(key));
        await UntilWaitingAsync(0);
        return new Hold(connection, key, held);
    }

    async Task UntilWaitingAsync(int count)
    {
        for (var tries = 0; Writer.Waiting != count; tries++)
        {
            Assert.True(tries < 3000, $"{Writer.Waiting} writes waiting, expected {count}");
            await Task.Delay(10);
        }
    }

    sealed class WaitForLock(long key) : IMartenOp
    {
        public void Execute(IDocumentSession session) => session.QueueSqlCommand($"SELECT pg_advisory_xact_lock_shared({key})");
    }

    sealed class Hold(NpgsqlConnection connection, long key, Task held) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await using (var release = new NpgsqlCommand($"SELECT pg_advisory_unlock({key})", connection)) await release.ExecuteNonQueryAsync();
            await connection.DisposeAsync();
            await held;
        }
    }
}
