using Ledger.Api.Tests.Hosting;
using Ledger.LocalPostgres;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ledger.Api.Tests.Infrastructure;

/// <summary>The run command's private cluster: initialised once, then restarted on its own data.</summary>
public sealed class private_cluster
{
    [Fact]
    public async Task a_restarted_cluster_keeps_its_data_on_a_new_port()
    {
        var root = Path.Combine(Path.GetTempPath(), $"ledger-private-cluster-test-{Guid.NewGuid():N}");
        var options = new LocalClusterOptions(Path.Combine(root, "data"), Database: "ledger");
        try
        {
            await using (var first = await LocalPostgresCluster.StartAsync(options, NullLogger.Instance))
            {
                await Sql.ExecuteAsync(first.ConnectionString, "CREATE TABLE kept (note text); INSERT INTO kept VALUES ('still here')");
            }

            await using var second = await LocalPostgresCluster.StartAsync(options, NullLogger.Instance);
            Assert.Equal("still here", await Sql.ScalarAsync<string>(second.ConnectionString, "SELECT note FROM kept"));
            Assert.True(File.Exists(Path.Combine(second.DataDirectory, "PG_VERSION")));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task a_server_left_running_by_a_killed_process_is_taken_over()
    {
        var root = Path.Combine(Path.GetTempPath(), $"ledger-private-cluster-test-{Guid.NewGuid():N}");
        var options = new LocalClusterOptions(Path.Combine(root, "data"), Database: "ledger");
        try
        {
            // Not disposed: as if the app had been killed with its server still running.
            var abandoned = await LocalPostgresCluster.StartAsync(options, NullLogger.Instance);
            await using var taken = await LocalPostgresCluster.StartAsync(options, NullLogger.Instance);
            await Sql.ExecuteAsync(taken.ConnectionString, "SELECT 1");
            Assert.NotEqual(abandoned.Port, taken.Port);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
