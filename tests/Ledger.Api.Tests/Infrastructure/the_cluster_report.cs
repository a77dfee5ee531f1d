using System.Net;
using Ledger.Api.Tests.Hosting;

namespace Ledger.Api.Tests.Infrastructure;

[Collection(PlatformCollection.Name)]
public sealed class the_cluster_report(LedgerApi api)
{
    [Fact]
    public async Task a_single_node_runs_every_async_projection_and_says_so()
    {
        var report = await api.Admin().GetAsync("/api/cluster").Expect(HttpStatusCode.OK);

        Assert.Equal("solo", report.GetProperty("mode").GetString());
        Assert.Equal(["deadlines/all", "trackedcommitment/all", "transparencylog/all", "webhooks/all"],
            report.GetProperty("runningProjections").EnumerateArray().Select(p => p.GetString()));
        Assert.NotEqual(Guid.Empty, report.GetProperty("nodeId").GetGuid());
        Assert.Empty(report.GetProperty("nodes").EnumerateArray()); // a solo node keeps no cluster table (two_nodes_share_one_database shows one)
    }

    [Fact]
    public async Task is_for_admins_only()
    {
        await api.Anonymous().GetAsync("/api/cluster").ExpectProblem(HttpStatusCode.Unauthorized);
        await (await api.ClientWithRole("curator")).GetAsync("/api/cluster").ExpectProblem(HttpStatusCode.Forbidden);
    }
}
