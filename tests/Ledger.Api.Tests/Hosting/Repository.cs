namespace Ledger.Api.Tests.Hosting;

/// <summary>The clone the tests (and the benchmarks) were built from.</summary>
public static class Repository
{
    /// <summary>The nearest folder above the binaries holding Ledger.sln.</summary>
    public static string Root
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Ledger.sln"))) return dir.FullName;
            throw new InvalidOperationException($"No Ledger.sln above {AppContext.BaseDirectory}: run from a clone of the repository.");
        }
    }
}
