using Ledger.Api.Tests.Hosting;

namespace Ledger.Benchmarks;

static class Hosts
{
    /// <summary>The test host, told where the app's content root is (outside a test run it cannot work it out alone).</summary>
    public static LedgerApi NewLedgerApi() => New<LedgerApi>();

    /// <summary>The app on Kestrel on a loopback port, started, on a fresh database.</summary>
    public static async Task<KestrelLedgerApi> NewKestrelAsync(bool listenNotify = false)
    {
        var api = New<KestrelLedgerApi>();
        api.ListenNotify = listenNotify;
        await api.InitializeAsync();
        return api;
    }

    static T New<T>() where T : LedgerApi, new()
    {
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_LEDGER_API", Path.Combine(Repository.Root, "src", "Ledger.Api"));
        return new T();
    }
}
