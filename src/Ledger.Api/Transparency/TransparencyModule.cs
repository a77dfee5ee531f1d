using Ledger.Transparency.Checkpoints;
using Ledger.Transparency.Log;
using Ledger.Transparency.Witnessing;
using Marten;

namespace Ledger.Transparency;

/// <summary>
/// Tamper evidence: every event becomes a leaf of an RFC 9162 Merkle log, signed checkpoints are published as it grows,
/// and proofs are served from stored nodes.
/// Needs the async daemon (run by Wolverine on one node of the cluster), which runs the subscription that feeds the log.
/// </summary>
public static class TransparencyModule
{
    public static IServiceCollection AddTransparency(this IServiceCollection services)
    {
        services.AddSingleton<LogStore>();
        services.AddSingleton<CheckpointSigning>();
        services.AddSingleton<RegisteredWitnesses>();
        services.AddSingleton<PublishingCheckpoints>();
        services.AddHostedService(s => s.GetRequiredService<PublishingCheckpoints>());
        services.AddSingleton<IConfigureMarten, TransparencyStoreOptions>();
        return services;
    }

    sealed class TransparencyStoreOptions(LogStore log) : IConfigureMarten
    {
        public void Configure(IServiceProvider services, StoreOptions options)
        {
            // Derived by reflection: a declaration the log cannot seal fails the start-up, not the first logged event.
            _ = LogEntry.ProtectedFields;
            options.Events.Subscribe(new LoggingEvents(log));
            // Here, after Program.cs has set the events' schema, which the log shares.
            options.Storage.ExtendedSchemaObjects.AddRange(LogSchema.Objects(options.Events.DatabaseSchemaName));
        }
    }
}
