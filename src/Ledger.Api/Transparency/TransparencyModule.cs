using Ledger.Transparency.Checkpoints;
using Ledger.Transparency.Log;
using Ledger.Transparency.Receipts;
using Marten;
using Wolverine.Marten;

namespace Ledger.Transparency;

/// <summary>
/// Tamper evidence: every event becomes a leaf of an RFC 9162 Merkle log, signed checkpoints are published as it grows,
/// proofs are served from stored nodes, and every write answers with a receipt of its event's sequence.
/// Needs the async daemon (run by Wolverine on one node of the cluster), which runs the subscription that feeds the log.
/// </summary>
public static class TransparencyModule
{
    public static IServiceCollection AddTransparency(this IServiceCollection services)
    {
        services.AddSingleton<LogStore>();
        services.AddSingleton<CheckpointSigning>();
        services.AddSingleton<PublishingCheckpoints>();
        services.AddHostedService(s => s.GetRequiredService<PublishingCheckpoints>());
        services.AddSingleton<IConfigureMarten, TransparencyStoreOptions>();
        DecorateDeduplicatedResponses(services);
        services.Configure<Microsoft.AspNetCore.OpenApi.OpenApiOptions>("v1", o => o.DescribeReceipts());
        return services;
    }

    static void DecorateDeduplicatedResponses(IServiceCollection services)
    {
        var original = services.LastOrDefault(d => d.ServiceType == typeof(IMartenDeduplicatedResponses))
            ?? throw new InvalidOperationException("AddTransparency() must come after AddMarten(...).IntegrateWithWolverine()");
        services.Remove(original);
        services.AddSingleton<IMartenDeduplicatedResponses>(s => new ReceiptedDeduplicatedResponses(Create(s, original), s));
    }

    static IMartenDeduplicatedResponses Create(IServiceProvider services, ServiceDescriptor descriptor) => (IMartenDeduplicatedResponses)(
        descriptor.ImplementationInstance
        ?? descriptor.ImplementationFactory?.Invoke(services)
        ?? ActivatorUtilities.CreateInstance(services, descriptor.ImplementationType!));

    sealed class TransparencyStoreOptions(LogStore log) : IConfigureMarten
    {
        public void Configure(IServiceProvider services, StoreOptions options)
        {
            // Derived by reflection: a declaration the log cannot seal fails the start-up, not the first logged event.
            _ = LogEntry.ProtectedFields;
            options.Events.Subscribe(new LoggingEvents(log));
            options.Listeners.Add(new ReceiptListener());
        }
    }
}
