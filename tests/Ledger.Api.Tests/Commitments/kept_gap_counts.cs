using System.Net;
using Ledger.Api.Tests.Hosting;
using Ledger.Commitments.Gaps;
using Ledger.Commitments.Status;
using Ledger.Infrastructure;
using Ledger.Observations.Corroborating;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Ledger.Api.Tests.Commitments;

/// <summary>
/// Today's gaps read their total from counts kept beside the rows (<see cref="GapCounts"/>): after any kind of write, a
/// rebuild, a TRUNCATE or a row deleted by hand, each total they give is the count(*) of the rows it stands for.
/// </summary>
[Collection(KeptCountsCollection.Name)]
public sealed class kept_gap_counts(LedgerApi api)
{
    const string Rows = GapCounts.RowsTable;

    // Status and verification per row, by the counts (their stripes added up) and by the rows themselves, as
    // "status verification n" lines.
    const string Kept = $"SELECT status || ' ' || verification || ' ' || sum(commitments) FROM {GapCounts.Table} " +
        "GROUP BY status, verification HAVING sum(commitments) <> 0";
    const string Counted =
        $"SELECT status || ' ' || verification || ' ' || count(*) FROM {Rows} GROUP BY status, verification";
    const string KeptTotal = $"SELECT sum(commitments)::bigint FROM {GapCounts.Table}";
    const string LastRow = $"(SELECT id FROM {Rows} ORDER BY id DESC LIMIT 1)";

    [Fact]
    public async Task every_total_by_status_overdue_and_verification_is_the_count_of_its_rows_and_of_its_pages_items()
    {
        await WritesOfEveryKindAsync();
        Assert.True(await api.ScalarAsync<long>($"SELECT count(DISTINCT status) FROM {Rows}") >= 3);
        Assert.True(await api.ScalarAsync<long>($"SELECT count(DISTINCT verification) FROM {Rows}") >= 2);

        var http = api.Anonymous();
        foreach (var status in Enum.GetValues<DeliveryStatus>().Select(s => (DeliveryStatus?)s).Prepend(null))
        foreach (var overdue in new bool?[] { null, true, false })
        foreach (var verification in Enum.GetValues<Verification>().Select(v => (Verification?)v).Prepend(null))
        {
            var query = string.Join('&', new[]
            {
                status is { } s ? $"status={Names.Of(s)}" : null,
                overdue is { } o ? $"overdue={(o ? "true" : "false")}" : null,
                verification is { } v ? $"verification={Names.Of(v)}" : null,
            }.OfType<string>());
            var page = await http.GetAsync($"/api/gaps?{query}&pageSize=1").Expect(HttpStatusCode.OK);
            var rows = await api.ScalarAsync<long>(
                $"SELECT count(*) FROM {Rows} WHERE (@status = '' OR status = @status) " +
                "AND (@verification = '' OR verification = @verification) " +
                "AND (@overdue = '' OR (status = 'Overdue') = (@overdue = 'true'))",
                ("status", status?.ToString() ?? ""), ("verification", verification?.ToString() ?? ""),
                ("overdue", overdue?.ToString().ToLowerInvariant() ?? ""));
            var total = page.GetProperty("total").GetInt64();
            Assert.True(rows == total, $"?{query}: {total} kept, {rows} rows");
        }

        foreach (var query in
                 new[] { "", "overdue=true", "verification=single-source", "status=in-progress&overdue=false" })
            await EveryPageAddsUpToTheTotalAsync(query);
    }

    [Fact]
    public async Task the_counts_follow_a_deleted_row_a_truncate_a_rebuild_and_come_back_exact_with_a_dropped_trigger()
    {
        await WritesOfEveryKindAsync();
        var before = await Sql.ColumnAsync<string>(api.ConnectionString, Counted);
        var rows = await api.ScalarAsync<long>($"SELECT count(*) FROM {Rows}");

        await api.ExecuteAsync($"DELETE FROM {Rows} WHERE id = {LastRow}");
        await TheCountsAreTheRowsAsync();
        Assert.NotEqual(before.Order(), (await Sql.ColumnAsync<string>(api.ConnectionString, Counted)).Order());

        await api.ExecuteAsync($"TRUNCATE {Rows}");
        Assert.Empty(await Sql.ColumnAsync<string>(api.ConnectionString, Kept));

        await api.RebuildProjectionAsync("TrackedCommitment");
        await TheCountsAreTheRowsAsync();
        Assert.Equal(rows, await api.ScalarAsync<long>(KeptTotal));

        // Counts gone wrong while the trigger was missing (the unfiltered total reads them, wrong too): the migration
        // puts the trigger back and counts afresh.
        await api.ExecuteAsync($"DROP TRIGGER {GapCounts.RowsTrigger} ON {Rows}; " +
            $"UPDATE {GapCounts.Table} SET commitments = commitments + 7; DELETE FROM {Rows} WHERE id = {LastRow}");
        var kept = await api.ScalarAsync<long>(KeptTotal);
        Assert.NotEqual(await api.ScalarAsync<long>($"SELECT count(*) FROM {Rows}"), kept);
        var unfiltered = await api.Anonymous().GetAsync("/api/gaps").Expect(HttpStatusCode.OK);
        Assert.Equal(kept, unfiltered.GetProperty("total").GetInt64());
        await api.Services.GetRequiredService<IDocumentStore>().Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        await TheCountsAreTheRowsAsync();
        var (_, commitmentId) = await api.DealWithCommitment();
        await api.WaitForProjectionsAsync();
        Assert.Equal(1L, await api.ScalarAsync<long>(
            $"SELECT count(*) FROM {Rows} WHERE id = @id", ("id", Guid.Parse(commitmentId))));
        await TheCountsAreTheRowsAsync();
    }

    /// <summary>
    /// Generated deals (made, revised, claimed, deadlines passed, observations accepted and rejected), then through the
    /// API rows that move from one status to another: a revision, a withdrawal, an accepted observation, the ledger's
    /// own deadline check.
    /// </summary>
    async Task WritesOfEveryKindAsync()
    {
        var store = api.Services.GetRequiredService<IDocumentStore>();
        await new Generator().AppendDealsAsync(store, deals: 8, commitmentsPerDeal: 12);
        var (_, revised) = await api.DealWithCommitment(Scenarios.Commitment(amount: 100, dueOn: "2040-12-31"));
        var (_, withdrawn) = await api.DealWithCommitment();
        var (_, observed) = await api.DealWithCommitment(Scenarios.Commitment(amount: 100));
        var (_, late) = await api.DealWithCommitment(Scenarios.Commitment(dueOn: "2020-01-01"));
        await api.WaitForProjectionsAsync();

        var sources = new[] { Scenarios.Source() };
        await api.Admin().Post($"/api/commitments/{revised}/revisions", new
        {
            target = new { amount = 50, unit = "km" }, effectiveOn = "2012-01-01", reason = "Halved", sources,
        }).Expect(HttpStatusCode.Created);
        await api.Admin().Post($"/api/commitments/{withdrawn}/withdrawal",
            new { withdrawnOn = "2019-05-01", reason = "Dropped", sources }).Expect(HttpStatusCode.OK);
        var observer = await api.ClientWithRole("observer");
        var observation = await api.SubmitObservation(observer, observed, Scenarios.Observation(amount: 100));
        await api.Admin().Post($"/api/observations/{observation}/moderation", new { decision = "accepted" })
            .Expect(HttpStatusCode.OK);
        await api.WaitForEventsAsync(late, "deadline_passed");
        await api.WaitForProjectionsAsync();
        await TheCountsAreTheRowsAsync();
    }

    async Task TheCountsAreTheRowsAsync() => Assert.Equal(
        (await Sql.ColumnAsync<string>(api.ConnectionString, Counted)).Order(),
        (await Sql.ColumnAsync<string>(api.ConnectionString, Kept)).Order());

    async Task EveryPageAddsUpToTheTotalAsync(string query)
    {
        var (ids, total, pages) = (new HashSet<string>(), -1L, 0);
        for (var number = 1; total < 0 || (number - 1) * 7 < total; number++, pages++)
        {
            var page = await api.Anonymous().GetAsync($"/api/gaps?{query}&pageSize=7&page={number}")
                .Expect(HttpStatusCode.OK);
            total = page.GetProperty("total").GetInt64();
            foreach (var item in page.GetProperty("items").EnumerateArray())
                Assert.True(ids.Add(item.GetProperty("id").GetString()!));
        }
        Assert.True(pages > 1, $"?{query}: {total} on one page");
        Assert.Equal(total, ids.Count);
    }
}
