using JasperFx.CodeGeneration;
using Wolverine;

namespace Ledger.Infrastructure.CodeGeneration;

/// <summary>
/// Where Wolverine's handler and HTTP endpoint code comes from. The build decides, because the build decides what is
/// compiled in (<c>LedgerCodeGeneration</c> in Ledger.Api.csproj): Debug generates it at start-up with Roslyn, so
/// development never runs stale code; Release loads the types committed in <c>src/Ledger.Api/Internal/Generated</c>
/// and carries no Roslyn. Marten 9 generates no code, so there is nothing of its own to pre-generate.
/// </summary>
public static class GeneratedCode
{
    /// <summary>Rewrites <c>Internal/Generated</c> from the current handlers and endpoints; needs no database.</summary>
    public const string RegenerateCommand = "dotnet run --project src/Ledger.Api -- codegen write";

    /// <summary>The committed files, relative to the repository root.</summary>
    public const string Folder = "src/Ledger.Api/Internal/Generated";

#if DYNAMIC_CODEGEN
    public const TypeLoadMode Mode = TypeLoadMode.Dynamic;
#else
    public const TypeLoadMode Mode = TypeLoadMode.Static;
#endif

    public static WolverineOptions UseLedgerCodeGeneration(this WolverineOptions options)
    {
        options.CodeGeneration.TypeLoadMode = Mode;
#if DYNAMIC_CODEGEN
        options.UseRuntimeCompilation();
#endif
        return options;
    }

    /// <summary>
    /// Before <c>codegen write</c>: clears the folder, since the command only adds and overwrites, and a file left by a
    /// removed endpoint would no longer compile.
    /// </summary>
    public static void ClearBeforeWrite(string[] args, IHostEnvironment environment)
    {
        if (args is not ["codegen", "write", ..]) return;
        var folder = Path.Combine(environment.ContentRootPath, "Internal", "Generated");
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
    }
}
