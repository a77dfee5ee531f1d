using Ledger.LocalPostgres;

namespace Ledger.UnitTests.Infrastructure;

/// <summary>What the tooling does about a missing Debian package (PostgreSQL's server, Chromium).</summary>
public class installing_missing_packages
{
    [Theory]
    [InlineData(true, true, true)]
    [InlineData(false, false, false)]
    public void an_installed_package_is_used_as_it_is(bool root, bool passwordlessSudo, bool aptGet) =>
        Assert.Equal(InstallPlan.AlreadyInstalled, DebianPackage.Plan(true, root, passwordlessSudo, aptGet));

    [Fact]
    public void root_with_apt_get_installs_it() =>
        Assert.Equal(InstallPlan.InstallAsRoot,
            DebianPackage.Plan(false, root: true, passwordlessSudo: false, aptGet: true));

    [Fact]
    public void a_user_with_a_sudo_that_asks_no_password_installs_it_through_sudo() =>
        Assert.Equal(InstallPlan.InstallWithSudo,
            DebianPackage.Plan(false, root: false, passwordlessSudo: true, aptGet: true));

    [Theory]
    [InlineData(false, false, true)] // nobody to install it without asking for a password
    [InlineData(true, false, false)] // root, but no apt-get: not a Debian system
    [InlineData(false, true, false)]
    public void otherwise_the_user_is_told_the_command(bool root, bool passwordlessSudo, bool aptGet) =>
        Assert.Equal(InstallPlan.InstallByHand, DebianPackage.Plan(false, root, passwordlessSudo, aptGet));

    [Fact]
    public void the_command_to_run_by_hand_is_named_in_the_message()
    {
        var missing = PostgresUnavailableException.NoBinaries("Not installed.");

        Assert.StartsWith("Not installed. Ledger needs PostgreSQL", missing.Message);
        Assert.Contains("`sudo apt-get install -y postgresql`", missing.Message);
        Assert.Equal("sudo apt-get install -y chromium", new DebianPackage("chromium", "x", () => false).ManualInstall);
    }
}
