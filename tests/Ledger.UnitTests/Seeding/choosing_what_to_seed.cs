using Ledger.Seeding;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;

namespace Ledger.UnitTests.Seeding;

public class choosing_what_to_seed
{
    static IConfiguration Settings(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))).Build();

    static IHostEnvironment Environment(string name, string contentRoot = "/srv/ledger/src/Ledger.Api") =>
        new HostingEnvironment { EnvironmentName = name, ContentRootPath = contentRoot };

    [Theory]
    [InlineData("Development", null, true)]
    [InlineData("Production", null, true)]
    [InlineData("Testing", null, false)]
    [InlineData("Development", "false", false)]
    [InlineData("Testing", "true", true)]
    public void seeding_is_on_by_default_except_in_tests_and_the_setting_decides(string environment, string? setting, bool enabled)
    {
        var configuration = setting is null ? Settings() : Settings(("Ledger:Seed", setting));

        Assert.Equal(enabled, SeedSettings.Enabled(configuration, Environment(environment)));
    }

    [Fact]
    public void a_configured_seed_path_is_taken_from_the_content_root() =>
        Assert.Equal("/srv/ledger/src/Ledger.Api/my-seeds",
            SeedSettings.PathFor(Settings(("Ledger:SeedPath", "my-seeds")), Environment("Development")));

    [Fact]
    public void by_default_the_seeds_are_the_repository_roots_seeds_folder()
    {
        var root = Directory.CreateTempSubdirectory("ledger-seed-path-");
        try
        {
            File.WriteAllText(Path.Combine(root.FullName, "Ledger.sln"), "");
            var contentRoot = Directory.CreateDirectory(Path.Combine(root.FullName, "src", "Ledger.Api")).FullName;

            Assert.Equal(Path.Combine(root.FullName, "seeds"), SeedSettings.PathFor(Settings(), Environment("Development", contentRoot)));
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    [Fact]
    public void a_folder_loads_its_json_files_in_name_order_and_a_missing_path_loads_nothing()
    {
        var folder = Directory.CreateTempSubdirectory("ledger-seed-files-");
        try
        {
            foreach (var name in new[] { "b-case.json", "a-case.json", "README.md" }) File.WriteAllText(Path.Combine(folder.FullName, name), "{}");

            Assert.Equal(["a-case.json", "b-case.json"], SeedLoader.FilesAt(folder.FullName).Select(Path.GetFileName));
            Assert.Equal(["b-case.json"], SeedLoader.FilesAt(Path.Combine(folder.FullName, "b-case.json")).Select(Path.GetFileName));
            Assert.Empty(SeedLoader.FilesAt(Path.Combine(folder.FullName, "missing")));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
