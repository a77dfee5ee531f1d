using System.Net;
using System.Text.Json;

namespace Ledger.Api.Tests.Hosting;

/// <summary>
/// What the tests of API processes (<see cref="ApiProcess"/>) share: the settings of a node, the few writes they set up,
/// and what they read straight from the database to tell whether the read models and the log hold every event once.
/// </summary>
public static class LedgerProcesses
{
    /// <summary>A node as shipped (Balanced durability), with the tests' keys and a checkpoint every half second.</summary>
    public static Dictionary<string, string> NodeSettings() => new()
    {
        ["Ledger:BootstrapAdminKey"] = LedgerApi.AdminKey,
        ["Ledger:Transparency:Origin"] = LedgerApi.Origin,
        ["Ledger:Transparency:SigningKey"] = LedgerApi.SigningKey,
        ["Ledger:Transparency:CheckpointInterval"] = "00:00:00.500",
        ["Ledger:Durability:Mode"] = "Balanced",
    };

    public static async Task<(string Key, string KeyId, string OrganizationId)> ObserverKeyAsync(HttpClient admin, string name)
    {
        var org = (await admin.Post("/api/organizations", new { name }).Expect(HttpStatusCode.Created)).GetProperty("id").GetString()!;
        var key = await admin.Post($"/api/organizations/{org}/keys", new { role = "observer" }).Expect(HttpStatusCode.Created);
        return (key.GetProperty("key").GetString()!, key.GetProperty("id").GetString()!, org);
    }

    public static async Task<List<string>> CommitmentsAsync(HttpClient admin, int count)
    {
        var deal = (await admin.Post("/api/deals", Scenarios.Deal()).Expect(HttpStatusCode.Created)).GetProperty("id").GetString()!;
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
            ids.Add((await admin.Post($"/api/deals/{deal}/commitments", Scenarios.Commitment(title: $"Road {i}")).Expect(HttpStatusCode.Created))
                .GetProperty("id").GetString()!);
        return ids;
    }

    public static Task<HttpResponseMessage> ObserveAsync(HttpClient observer, string commitmentId, string? idempotencyKey = null) =>
        observer.Post($"/api/commitments/{commitmentId}/observations", Scenarios.Observation(amount: 1),
            idempotencyKey ?? Guid.NewGuid().ToString());

    public static Task<List<Guid>> ObservationIdsInEventsAsync(string connectionString) =>
        Sql.ColumnAsync<Guid>(connectionString, "SELECT (data->>'observationId')::uuid FROM mt_events WHERE type = 'observation_submitted'");

    /// <summary>
    /// The observations the gaps read model counts. A tracked row keeps how many observations its commitment has, not the
    /// observations (they have documents of their own): so each row's observation ids up to its count, and the row's own
    /// id for each it counts beyond them: a lost observation is missing here, one counted twice shows as a stray id.
    /// </summary>
    public static Task<List<Guid>> ObservationIdsInReadModelAsync(string connectionString) =>
        Sql.ColumnAsync<Guid>(connectionString, """
            SELECT o.id FROM mt_doc_trackedcommitment t
            JOIN (SELECT id, commitment_id, row_number() OVER (PARTITION BY commitment_id ORDER BY id) AS n
                  FROM mt_doc_trackedobservation) o ON o.commitment_id = t.id
            WHERE o.n <= (t.data->>'observationsRecorded')::int
            UNION ALL
            SELECT t.id FROM mt_doc_trackedcommitment t, generate_series(1, (t.data->>'observationsRecorded')::int
                - (SELECT count(*) FROM mt_doc_trackedobservation o WHERE o.commitment_id = t.id)::int)
            """);

    /// <summary>Every event has exactly one leaf in the transparency log.</summary>
    public static async Task<bool> LogIsCompleteAsync(string connectionString) => await Sql.ScalarAsync<bool>(connectionString, """
        SELECT (SELECT count(*) FROM mt_events) = (SELECT count(*) FROM ledger_log_leaves)
           AND (SELECT count(*) FROM ledger_log_leaves) = (SELECT count(DISTINCT sequence) FROM ledger_log_leaves)
           AND NOT EXISTS (SELECT 1 FROM mt_events e WHERE NOT EXISTS (SELECT 1 FROM ledger_log_leaves l WHERE l.sequence = e.seq_id))
        """);

    /// <summary>Polls until the probe says done; fails with the processes' output when it never does.</summary>
    public static async Task<T> UntilAsync<T>(
        Func<Task<(bool Done, T Value)>> probe, string what, TimeSpan patience, IEnumerable<ApiProcess> processes)
    {
        var giveUpAt = DateTime.UtcNow + patience;
        T last = default!;
        while (DateTime.UtcNow < giveUpAt)
        {
            try
            {
                (var done, last) = await probe();
                if (done) return last;
            }
            catch (HttpRequestException) { /* a node still starting */ }
            await Task.Delay(250);
        }
        Assert.Fail($"Gave up waiting for {what}; last seen: {JsonSerializer.Serialize(last)}\n" +
                    string.Join("\n", processes.Select(n => $"--- {n.Name}{(n.HasExited ? " (exited)" : "")}:\n{n.Output}")));
        return last;
    }
}
