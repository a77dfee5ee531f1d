using System.Diagnostics;
using Ledger.Api.Tests.Hosting;
using Npgsql;

namespace Ledger.Api.Tests.Seeding;

/// <summary><c>Ledger.Api seed [path]</c> as a user runs it: a process of its own, a line per file, an exit code.</summary>
public sealed class the_seed_command
{
    [Fact]
    public async Task loads_a_folder_once_with_a_line_per_file_and_a_second_run_appends_nothing()
    {
        var connection = await TestPostgres.NewDatabaseAsync("cli");

        var first = await Run(connection, "seed", SeededLedgerApi.SeedsFolder);
        Assert.True(first.ExitCode == 0, first.Output);
        foreach (var file in new[] { "drc-us-2025.json", "sicomines-2008.json", "ukraine-us-2025.json" })
            Assert.Matches($@"{file}: [1-9][0-9]* events appended, 0 statements already recorded", first.Output);
        var events = await Count(connection);

        var second = await Run(connection, "seed", SeededLedgerApi.SeedsFolder);
        Assert.True(second.ExitCode == 0, second.Output);
        Assert.Equal(3, second.Output.Split('\n').Count(line => line.Contains(": 0 events appended, ")));
        Assert.Equal(events, await Count(connection));
    }

    [Fact]
    public async Task a_bad_file_exits_non_zero_with_the_report_and_appends_nothing()
    {
        var connection = await TestPostgres.NewDatabaseAsync("cli");
        var file = Path.Combine(Directory.CreateTempSubdirectory("ledger-seed-cli-").FullName, "bad-case.json");
        await File.WriteAllTextAsync(file, """{"case": "bad-case", "deal": {"key": "deal", "title": "x", "signedOn": "2025-13-01"}}""");
        try
        {
            var run = await Run(connection, "seed", file);

            Assert.Equal(1, run.ExitCode);
            Assert.Contains("bad-case.json: not loaded", run.Output);
            Assert.Contains("$.deal.signedOn: has the wrong type or format", run.Output);
            Assert.Equal(0, await Count(connection));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
        }
    }

    [Fact]
    public async Task is_listed_by_help_beside_the_other_commands()
    {
        // A database to hand: `help` builds the app's services, which would start a private cluster otherwise.
        var help = await Run(await TestPostgres.NewDatabaseAsync("cli"), "help");

        Assert.True(help.ExitCode == 0, help.Output);
        Assert.Matches(@"(?m)^\s*seed\s+Load a seed file or folder", help.Output);
        Assert.Matches(@"(?m)^\s*projections\s", help.Output);
    }

    [Fact]
    public async Task takes_the_hosts_settings_after_its_path()
    {
        var connection = await TestPostgres.NewDatabaseAsync("cli");
        var file = Path.Combine(SeededLedgerApi.SeedsFolder, "sicomines-2008.json");

        // The connection string as a setting on the command line, not in the environment, after an absolute path
        // (which .NET's command-line configuration would read as a `/key` taking the setting for its value).
        var run = await Run(null, "seed", file, $"--ConnectionStrings:Ledger={connection}", "--Ledger:Seed=false");

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Matches(@"sicomines-2008.json: [1-9][0-9]* events appended", run.Output);
        Assert.True(await Count(connection) > 0);
    }

    static Task<(int ExitCode, string Output)> Run(string? connectionString, params string[] args) =>
        AppCommandLine.RunAsync(connectionString, args);

    static async Task<long> Count(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var exists = (bool)(await new NpgsqlCommand("SELECT to_regclass('mt_events') IS NOT NULL", connection).ExecuteScalarAsync())!;
        return exists ? (long)(await new NpgsqlCommand("SELECT count(*) FROM mt_events", connection).ExecuteScalarAsync())! : 0;
    }
}
