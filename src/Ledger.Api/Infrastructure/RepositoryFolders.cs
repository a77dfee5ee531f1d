namespace Ledger.Infrastructure;

public static class RepositoryFolders
{
    /// <summary>
    /// A folder setting: the configured path (relative to the content root), else <paramref name="folder"/> in the repository
    /// root (the nearest folder above the content root holding Ledger.sln), else in the content root itself (a published app).
    /// </summary>
    public static string Resolve(IConfiguration configuration, IHostEnvironment environment, string setting, string folder)
    {
        var configured = configuration[setting];
        if (!string.IsNullOrWhiteSpace(configured)) return Path.GetFullPath(configured, environment.ContentRootPath);
        for (var dir = new DirectoryInfo(environment.ContentRootPath); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Ledger.sln"))) return Path.Combine(dir.FullName, folder);
        return Path.Combine(environment.ContentRootPath, folder);
    }
}
