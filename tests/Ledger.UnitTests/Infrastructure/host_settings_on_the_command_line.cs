using Ledger.Infrastructure.CommandLine;

namespace Ledger.UnitTests.Infrastructure;

/// <summary>What of the command line JasperFx parses: the host has read the settings already.</summary>
public class host_settings_on_the_command_line
{
    [Theory]
    [InlineData("seed", "seed")]
    [InlineData("seed seeds/x.json", "seed seeds/x.json")]
    [InlineData("seed --Ledger:DataDirectory=/tmp/x", "seed")]
    [InlineData("seed seeds --Ledger:DataDirectory /tmp/x --Ledger:Seed=false", "seed seeds")]
    [InlineData("seed /tmp/seeds --ConnectionStrings:Ledger=Host=x;Database=y", "seed /tmp/seeds")]
    [InlineData("seed seeds --urls http://x", "seed seeds")]
    [InlineData("projections rebuild --urls=http://x --Logging:LogLevel:Default=Warning", "projections rebuild")]
    [InlineData("codegen write", "codegen write")]
    public void after_a_command_its_own_arguments_and_flags_are_left(string args, string command) =>
        Assert.Equal(command.Split(' '), HostSettings.RemoveFrom(args.Split(' ')));

    [Theory]
    [InlineData("", "")]
    [InlineData("--Ledger:Seed=false", "")]
    [InlineData("--urls http://x", "--urls http://x")] // JasperFx runs the web app on ASP.NET's own flags
    [InlineData("--environment Staging", "--environment Staging")]
    public void without_a_command_the_app_runs_with_what_is_left(string args, string command) =>
        Assert.Equal(
            command.Split(' ', StringSplitOptions.RemoveEmptyEntries),
            HostSettings.RemoveFrom(args.Split(' ', StringSplitOptions.RemoveEmptyEntries)));

    [Theory]
    [InlineData("", "")]
    [InlineData("--urls http://x", "--urls http://x")]
    [InlineData("seed", "")]
    [InlineData("seed /srv/seeds --Ledger:Seed=false", "--Ledger:Seed=false")]
    [InlineData("projections rebuild --Ledger:DataDirectory /x", "--Ledger:DataDirectory /x")]
    public void the_host_reads_its_settings_from_the_first_flag_on(string args, string settings) =>
        Assert.Equal(
            settings.Split(' ', StringSplitOptions.RemoveEmptyEntries),
            HostSettings.For(args.Split(' ', StringSplitOptions.RemoveEmptyEntries)));
}
