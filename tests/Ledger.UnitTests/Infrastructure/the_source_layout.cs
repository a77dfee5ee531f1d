namespace Ledger.UnitTests.Infrastructure;

public class the_source_layout
{
    const int LongestLine = 160;

    /// <summary>The nearest folder above the binaries holding Ledger.sln.</summary>
    static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Ledger.sln"))) return dir.FullName;
        throw new InvalidOperationException($"No Ledger.sln above {AppContext.BaseDirectory}.");
    }

    /// <summary>Paths relative to the root, with '/' between folders, of every C# file written by hand.</summary>
    static List<string> SourcesUnder(string root) =>
        new[] { "src", "tests" }
            .SelectMany(folder =>
                Directory.EnumerateFiles(Path.Combine(root, folder), "*.cs", SearchOption.AllDirectories))
            .Select(file => Path.GetRelativePath(root, file).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(path => !path.Split('/').Any(folder => folder is "bin" or "obj"))
            .Where(path => !path.Contains("/Internal/Generated/"))
            .Order(StringComparer.Ordinal)
            .ToList();

    [Fact]
    public void no_line_of_source_is_longer_than_160_characters()
    {
        var root = RepositoryRoot();
        var sources = SourcesUnder(root);

        var tooLong = sources
            .SelectMany(path => File.ReadLines(Path.Combine(root, path))
                .Select((line, index) => (path, number: index + 1, line.Length)))
            .Where(line => line.Length > LongestLine)
            .Select(line => $"{line.path}:{line.number} ({line.Length} characters)")
            .ToList();

        Assert.Contains("src/Ledger.Api/Program.cs", sources);
        Assert.True(tooLong.Count == 0,
            $"{tooLong.Count} line(s) longer than {LongestLine} characters:\n" + string.Join("\n", tooLong));
    }
}
