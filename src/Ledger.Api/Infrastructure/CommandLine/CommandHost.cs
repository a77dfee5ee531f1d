using JasperFx.CommandLine;
using Ledger.LocalPostgres;
using Marten;
using Wolverine;
using Wolverine.Runtime;

namespace Ledger.Infrastructure.CommandLine;

/// <summary>
/// How a command that writes (<c>seed</c>, <c>import</c>) runs the app: as Program built it, not started (no hosted
/// service runs), with the schema and the append-only guard created as a normal run would, and Wolverine alone started
/// as a mediator, to hand the commands to the write handlers: this short-lived process joins no cluster and runs no
/// projection (the API's nodes project what it appends).
/// </summary>
public static class CommandHost
{
    public static async Task<bool> RunAsync(NetCoreInput input, Func<IServiceProvider, Task<bool>> work)
    {
        var app = input.BuildHost();
        IHostedService? wolverine = null;
        try
        {
            await app.Services.GetRequiredService<IDocumentStore>().Storage.ApplyAllConfiguredChangesToDatabaseAsync();
            app.Services.GetRequiredService<WolverineOptions>().Durability.Mode = DurabilityMode.MediatorOnly;
            wolverine = (IHostedService)app.Services.GetRequiredService<IWolverineRuntime>();
            await wolverine.StartAsync(CancellationToken.None);
            return await work(app.Services);
        }
        catch (Exception e) when (PostgresUnavailableException.FoundIn(e) is { } missing)
        {
            Console.Error.WriteLine(missing.Message);
            return false;
        }
        finally
        {
            if (wolverine is not null) await wolverine.StopAsync(CancellationToken.None);
            // Stops the private PostgreSQL cluster, if one was started.
            if (app is IAsyncDisposable disposable) await disposable.DisposeAsync();
            else app.Dispose();
        }
    }
}
