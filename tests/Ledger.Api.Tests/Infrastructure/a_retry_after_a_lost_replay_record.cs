using System.Net;
using Ledger.Api.Tests.Hosting;

namespace Ledger.Api.Tests.Infrastructure;

/// <summary>
/// A write commits its events, then its replay record. When the process stops between the two, the retry finds no replay
/// record: the id it was given derives from its Idempotency-Key, so it is refused, never recorded twice.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class a_retry_after_a_lost_replay_record(LedgerApi api)
{
    /// <summary>
    /// What a crash between the two commits leaves: the events, and no replay record. (An observation's record commits
    /// with it; one recorded before such records were kept has none.)
    /// </summary>
    async Task ForgetReplayRecordsAsync()
    {
        await api.ExecuteAsync("DELETE FROM mt_doc_submittedrequest");
        var table = await api.ScalarAsync<string>("""
            SELECT table_schema || '.' || table_name FROM information_schema.tables
            WHERE table_name = 'wolverine_deduplicated_responses'
            """);
        Assert.NotNull(table);
        await api.ExecuteAsync($"DELETE FROM {table}");
    }

    [Theory]
    [InlineData("deal")]
    [InlineData("commitment")]
    [InlineData("revision")]
    [InlineData("claim")]
    [InlineData("amendment")]
    [InlineData("announcement")]
    [InlineData("observation")]
    public async Task is_refused_with_409_and_records_nothing(string what)
    {
        var (dealId, commitmentId) = await api.DealWithCommitment();
        var (client, url, body) = what switch
        {
            "deal" => (api.Admin(), "/api/deals", Scenarios.Deal()),
            "commitment" => (api.Admin(), $"/api/deals/{dealId}/commitments", Scenarios.Commitment()),
            "revision" => (api.Admin(), $"/api/commitments/{commitmentId}/revisions", (object)new
            {
                target = new { amount = 2000, unit = "km" }, effectiveOn = "2010-01-01", reason = "Cut",
                sources = new[] { Scenarios.Source() },
            }),
            "claim" => (api.Admin(), $"/api/commitments/{commitmentId}/claims", new
            {
                claimedBy = "Sicomines", amount = 100, asOf = "2023-01-01", sources = new[] { Scenarios.Source() },
            }),
            "amendment" => (api.Admin(), $"/api/deals/{dealId}/amendments", new
            {
                effectiveOn = "2009-10-01", summary = "Infrastructure cut", sources = new[] { Scenarios.Source() },
            }),
            "announcement" => (api.Admin(), $"/api/deals/{dealId}/announcements", new
            {
                speaker = "Minister", speakerRole = "Minister of Mines", madeOn = "2024-01-10", statement = "Talks resume.",
                language = "en", sources = new[] { Scenarios.Source() },
            }),
            _ => (await api.ClientWithRole("observer"), $"/api/commitments/{commitmentId}/observations",
                Scenarios.Observation()),
        };
        var key = $"lost-replay-{what}-{Guid.NewGuid():N}";
        await client.Post(url, body, key).Expect(HttpStatusCode.Created);
        await ForgetReplayRecordsAsync();
        var before = await WrittenAsync();

        await client.Post(url, body, key).ExpectProblem(HttpStatusCode.Conflict);

        Assert.Equal(before, await WrittenAsync());
    }

    /// <summary>Events written by requests: the ledger's own deadline checks may append meanwhile.</summary>
    Task<long> WrittenAsync() => api.ScalarAsync<long>("SELECT count(*) FROM mt_events WHERE type <> 'deadline_passed'");
}
