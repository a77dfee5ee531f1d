namespace Ledger.Seeding;

public static class SeedSettings
{
    /// <summary>The loader, and loading the seeds into an empty ledger at start-up unless <c>Ledger:Seed</c> is false.</summary>
    public static IServiceCollection AddSeeding(this IServiceCollection services)
    {
        services.AddSingleton<SeedLoader>();
        services.AddHostedService<SeedOnStartup>();
        return services;
    }

    /// <summary><c>Ledger:Seed</c>; by default on, except in the Testing environment, where each test starts from an empty ledger.</summary>
    public static bool Enabled(IConfiguration configuration, IHostEnvironment environment) =>
        configuration.GetValue<bool?>("Ledger:Seed") ?? !environment.IsEnvironment("Testing");

    /// <summary><c>Ledger:SeedPath</c> (relative to the content root), else <c>seeds/</c> in the repository root, found as the data directory is.</summary>
    public static string PathFor(IConfiguration configuration, IHostEnvironment environment) =>
        Infrastructure.RepositoryFolders.Resolve(configuration, environment, "Ledger:SeedPath", "seeds");
}
