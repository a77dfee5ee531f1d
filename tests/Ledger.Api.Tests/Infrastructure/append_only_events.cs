using Ledger.Api.Tests.Hosting;
using Npgsql;

namespace Ledger.Api.Tests.Infrastructure;

/// <summary>Corrections are new events: the database itself refuses to rewrite or remove one.</summary>
[Collection(PlatformCollection.Name)]
public sealed class append_only_events(LedgerApi api)
{
    [Theory]
    [InlineData("UPDATE mt_events SET data = '{}'::jsonb")]
    [InlineData("DELETE FROM mt_events")]
    [InlineData("TRUNCATE mt_events")]
    public async Task the_event_table_refuses_changes_in_place(string sql)
    {
        await api.RegisterDeal();
        var before = await api.CountEventsAsync();

        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        var error = await Assert.ThrowsAsync<PostgresException>(() => new NpgsqlCommand(sql, connection).ExecuteNonQueryAsync());

        Assert.Contains("append-only", error.MessageText);
        Assert.Equal(before, await api.CountEventsAsync());
    }
}
