using Ledger.Observations;
using Ledger.Observations.Sealing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ledger.UnitTests.Support;

/// <summary>The real sealing, under a fixed key from configuration, as the host would build it.</summary>
public static class TestSealing
{
    public const string Key = "bGVkZ2VyLXVuaXQtdGVzdHMtc2VhbGluZy1rZXktMzI="; // 32 bytes

    public static IConfiguration Configuration(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection([new("Ledger:Observers:SealingKey", Key)])
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build();

    public static ObservationSealing Sealing(IConfiguration? configuration = null) =>
        new(configuration ?? Configuration(), new HostingEnvironment(), NullLogger<ObservationSealing>.Instance);

    public static ObserverPrivacy Privacy(IConfiguration? configuration = null)
    {
        configuration ??= Configuration();
        return new ObserverPrivacy(configuration, Sealing(configuration));
    }
}
