using System.Text.RegularExpressions;
using Ledger.Api.Tests.Hosting;
using Npgsql;

namespace Ledger.Api.Tests.Infrastructure;

/// <summary>
/// The ledger's own tables, functions and triggers belong to Marten's schema: the app's migration commands, run as an
/// operator would against an empty database, create, compare and script them with Marten's tables.
/// </summary>
public sealed class the_ledger_schema
{
    static readonly string[] Tables =
    [
        "ledger_checkpoints", "ledger_cosignatures", "ledger_gap_count_stripes", "ledger_log_leaves",
        "ledger_log_nodes", "ledger_log_seals",
    ];
    static readonly string[] Functions =
        ["ledger_count_gap_stripes", "ledger_log_refuse_changes", "ledger_refuse_event_changes"];
    static readonly string[] Triggers =
    [
        .. Tables.Where(t => t != "ledger_gap_count_stripes").Append("mt_events")
            .SelectMany(t => new[] { $"{t}.ledger_append_only_rows", $"{t}.ledger_append_only_truncate" }),
        "mt_doc_trackedcommitment.ledger_gap_counts_rows", "mt_doc_trackedcommitment.ledger_gap_counts_truncate",
    ];

    /// <summary>
    /// The gaps' rows are written on every page of their projection: each index is one more write per row, so the table
    /// has the indexes the gaps queries lead with and no other (GapIndexes).
    /// </summary>
    static readonly string[] TrackedCommitmentIndexes =
    [
        .. new[]
        {
            "category", "deal_id", "due_on_key_id", "fulfilment_id", "gap", "last_progress_key", "party_status_unit",
            "short_of_original", "status", "unit_gap_desc_id", "verification", "verified",
        }.Select(i => $"mt_doc_trackedcommitment_idx_{i}"),
        "pkey_mt_doc_trackedcommitment_id",
    ];

    // Trigger and function oids change when Weasel drops and recreates them: equal oids mean nothing was touched.
    const string Identities = """
        SELECT string_agg(oid::text, ',' ORDER BY oid) FROM (
          SELECT oid FROM pg_trigger WHERE tgname LIKE 'ledger\_%'
          UNION ALL SELECT oid FROM pg_proc WHERE proname LIKE 'ledger\_%') ledger
        """;

    [Fact]
    public async Task db_apply_creates_every_ledger_table_function_and_trigger_and_a_second_run_changes_nothing()
    {
        var database = await TestPostgres.NewDatabaseAsync("schema");

        await Succeeds(database, "db-apply");

        Assert.Equal(Tables, await Sql.ColumnAsync<string>(database, """
            SELECT table_name::text FROM information_schema.tables
            WHERE table_schema = 'public' AND table_name LIKE 'ledger\_%' ORDER BY table_name COLLATE "C"
            """));
        Assert.Equal(Functions, await Sql.ColumnAsync<string>(database,
            "SELECT proname::text FROM pg_proc WHERE proname LIKE 'ledger\\_%' ORDER BY proname COLLATE \"C\""));
        Assert.Equal(Triggers.Order(StringComparer.Ordinal), await Sql.ColumnAsync<string>(database, """
            SELECT c.relname || '.' || t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
            WHERE NOT t.tgisinternal AND t.tgenabled = 'O' ORDER BY (c.relname || '.' || t.tgname) COLLATE "C"
            """));
        Assert.Equal(TrackedCommitmentIndexes, await Sql.ColumnAsync<string>(database, """
            SELECT indexname::text FROM pg_indexes WHERE tablename = 'mt_doc_trackedcommitment'
            ORDER BY indexname COLLATE "C"
            """));
        // Guarding already, with no app started: the event table and the log refuse a TRUNCATE.
        foreach (var table in new[] { "mt_events", "ledger_log_leaves" })
        {
            var refused = await Assert.ThrowsAsync<PostgresException>(
                () => Sql.ExecuteAsync(database, $"TRUNCATE {table}"));
            Assert.Contains("append-only", refused.MessageText);
        }

        var identities = await Sql.ScalarAsync<string>(database, Identities);
        await Succeeds(database, "db-apply");
        Assert.Equal(identities, await Sql.ScalarAsync<string>(database, Identities));

        var patch = Path.Combine(Path.GetTempPath(), $"ledger-patch-{Guid.NewGuid():N}.sql");
        var output = await Succeeds(database, "db-patch", patch, "-d", "marten://store/");
        Assert.Contains("No differences were detected", Regex.Replace(output, @"\s+", " "));
        Assert.False(File.Exists(patch), File.Exists(patch) ? File.ReadAllText(patch) : "");
    }

    [Fact]
    public async Task db_dump_scripts_every_ledger_table_function_and_trigger_the_guard_after_the_event_table()
    {
        var database = await TestPostgres.NewDatabaseAsync("schema");
        var dump = Path.Combine(Path.GetTempPath(), $"ledger-dump-{Guid.NewGuid():N}.sql");
        try
        {
            await Succeeds(database, "db-dump", dump, "-d", "marten://store/");
            var script = await File.ReadAllTextAsync(dump);

            foreach (var table in Tables) Assert.Contains($"CREATE TABLE IF NOT EXISTS public.{table} (", script);
            foreach (var function in Functions)
                Assert.Contains($"CREATE OR REPLACE FUNCTION public.{function}()", script);
            foreach (var trigger in Triggers)
            {
                var (table, name) = (trigger.Split('.')[0], trigger.Split('.')[1]);
                Assert.Matches($@"CREATE TRIGGER {name} (BEFORE|AFTER) [A-Z ]+ ON public\.{table} ", script);
            }
            Assert.True(
                script.IndexOf("CREATE TABLE IF NOT EXISTS public.mt_events (", StringComparison.Ordinal)
                < script.IndexOf("CREATE TRIGGER ledger_append_only_rows BEFORE UPDATE OR DELETE ON public.mt_events",
                    StringComparison.Ordinal),
                "the event table's triggers come after the table");
        }
        finally
        {
            File.Delete(dump);
        }
    }

    static async Task<string> Succeeds(string database, params string[] arguments)
    {
        var (exitCode, output) = await ApiProcess.RunAsync(database, arguments);
        Assert.True(exitCode == 0, $"`{string.Join(' ', arguments)}` exited with {exitCode}:\n{output}");
        return output;
    }
}
