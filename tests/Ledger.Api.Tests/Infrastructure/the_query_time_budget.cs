using System.Net;
using Ledger.Api.Tests.Hosting;
using Npgsql;

namespace Ledger.Api.Tests.Infrastructure;

/// <summary>
/// A read held up past its budget (here: behind another transaction's lock on the deals, for longer than the host's 1 s)
/// is cancelled and answered 503 with Retry-After, not 500 and not after however long the lock is held.
/// </summary>
[Collection(QueryBudgetCollection.Name)]
public sealed class the_query_time_budget(BudgetedLedgerApi api)
{
    [Fact]
    public async Task a_read_over_its_budget_is_503_with_retry_after_and_the_next_one_succeeds()
    {
        var dealId = await api.RegisterDeal();
        await using (var locker = new NpgsqlConnection(api.ConnectionString))
        {
            await locker.OpenAsync();
            await using var holding = await locker.BeginTransactionAsync();
            await using (var lockDeals = new NpgsqlCommand("LOCK TABLE mt_doc_deal IN ACCESS EXCLUSIVE MODE", locker, holding))
                await lockDeals.ExecuteNonQueryAsync();

            var client = api.Anonymous();
            client.Timeout = TimeSpan.FromSeconds(30); // without the budget, the read would wait as long as the lock is held
            using var response = await client.GetAsync($"/api/deals/{dealId}/timeline");
            var problem = await Task.FromResult(response).ExpectProblem(HttpStatusCode.ServiceUnavailable);
            Assert.Equal("The query took too long", problem.GetProperty("title").GetString());
            Assert.True(response.Headers.RetryAfter?.Delta is { TotalSeconds: > 0 }, "no Retry-After");
        }

        await api.Anonymous().GetAsync($"/api/deals/{dealId}/timeline").Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task a_page_over_its_budget_says_the_ledger_is_busy_not_unreachable()
    {
        var dealId = await api.RegisterDeal();
        await using var locker = new NpgsqlConnection(api.ConnectionString);
        await locker.OpenAsync();
        await using var holding = await locker.BeginTransactionAsync();
        await using (var lockDeals = new NpgsqlCommand("LOCK TABLE mt_doc_deal IN ACCESS EXCLUSIVE MODE", locker, holding))
            await lockDeals.ExecuteNonQueryAsync();

        var client = api.Anonymous();
        client.Timeout = TimeSpan.FromSeconds(30);
        using var response = await client.GetAsync($"/deals/{dealId}?lang=fr");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.True(response.Headers.RetryAfter?.Delta is { TotalSeconds: > 0 }, "no Retry-After");
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("Le registre est très sollicité", page);
        Assert.DoesNotContain("injoignable", page);
    }
}
