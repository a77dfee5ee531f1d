using Ledger.Api.Tests.Hosting;

namespace Ledger.Benchmarks;

static class Hosts
{
    /// <summary>The test host, told where the app's content root is (outside a test run it cannot work it out alone).</summary>
    public static LedgerApi NewLedgerApi()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Ledger.sln"))) root = root.Parent;
        if (root is null) throw new InvalidOperationException("Run the benchmarks from a clone of the repository (no Ledger.sln found above the binaries).");
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_LEDGER_API", Path.Combine(root.FullName, "src", "Ledger.Api"));
        return new LedgerApi();
    }
}
