using System.Net;
using Ledger.Api.Tests.Hosting;
using Ledger.Seeding;

namespace Ledger.Api.Tests.Seeding;

/// <summary>In the Testing environment start-up seeding is off, so every other collection starts from an empty ledger.</summary>
[Collection(DealsCollection.Name)]
public sealed class seeding_is_off_in_tests(LedgerApi api)
{
    [Fact]
    public async Task a_test_host_starts_without_the_seed_cases()
    {
        await api.Anonymous().GetAsync($"/api/deals/{SeedPlanner.IdOf("sicomines-2008", "convention-2008")}").ExpectProblem(HttpStatusCode.NotFound);
        Assert.Equal(0L, await api.ScalarAsync<long>("SELECT count(*) FROM mt_events WHERE headers ->> 'keyId' = 'seed'"));
    }
}
