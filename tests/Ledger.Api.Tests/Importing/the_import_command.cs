using Ledger.Api.Tests.Hosting;

namespace Ledger.Api.Tests.Importing;

/// <summary><c>Ledger.Api import FILE.ndjson</c> as an operator runs it: progress per batch, rejected lines, an exit code.</summary>
public sealed class the_import_command
{
    static string ExampleFile => Path.Combine(Repository.Root, "docs", "import-example.ndjson");

    static Task<long> Events(string connection) =>
        Sql.ScalarAsync<long>(connection, "SELECT count(*) FROM mt_events WHERE type <> 'deadline_passed'");

    [Fact]
    public async Task imports_a_file_and_a_second_run_reports_every_line_already_imported()
    {
        var connection = await TestPostgres.NewDatabaseAsync("cli");

        var first = await AppCommandLine.RunAsync(connection, "import", ExampleFile);
        Assert.True(first.ExitCode == 0, first.Output);
        Assert.Contains("5 lines read: 5 accepted, 0 already imported, 0 rejected (5 events appended)", first.Output);
        Assert.Equal(5, await Events(connection));

        var second = await AppCommandLine.RunAsync(connection, "import", ExampleFile);
        Assert.True(second.ExitCode == 0, second.Output);
        Assert.Contains("5 lines read: 0 accepted, 5 already imported, 0 rejected (0 events appended)", second.Output);
        Assert.Equal(5, await Events(connection));
    }

    [Fact]
    public async Task a_run_stopped_part_way_is_completed_by_the_next_with_the_same_key_and_bad_lines_exit_non_zero()
    {
        var connection = await TestPostgres.NewDatabaseAsync("cli");
        var folder = Directory.CreateTempSubdirectory("ledger-import-cli-").FullName;
        try
        {
            var lines = await File.ReadAllLinesAsync(ExampleFile);
            var prefix = Path.Combine(folder, "prefix.ndjson");
            await File.WriteAllLinesAsync(prefix, lines[..2]);
            var whole = Path.Combine(folder, "whole.ndjson");
            await File.WriteAllLinesAsync(whole, [.. lines, """{"type":"deal","ref":"untitled","summary":"No title."}"""]);

            var stopped = await AppCommandLine.RunAsync(connection, "import", prefix, "--key", "roads-2024");
            Assert.True(stopped.ExitCode == 0, stopped.Output);
            var resumed = await AppCommandLine.RunAsync(connection, "import", whole, "--key", "roads-2024");

            Assert.Equal(1, resumed.ExitCode);
            Assert.Contains("6 lines read: 3 accepted, 2 already imported, 1 rejected (3 events appended)", resumed.Output);
            Assert.Matches(@"line 6 \(untitled\) rejected: .*title: is required", resumed.Output);
            Assert.Equal(5, await Events(connection));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
