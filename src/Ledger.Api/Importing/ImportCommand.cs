using System.Security.Cryptography;
using JasperFx.CommandLine;
using Ledger.Infrastructure.CommandLine;
using Ledger.Organizations.Keys;
using Microsoft.Extensions.Options;
using Wolverine;

namespace Ledger.Importing;

public sealed class ImportInput : NetCoreInput
{
    [Description("The NDJSON file to import, one write per line")]
    public string File { get; set; } = "";

    [Description("The import's key: the same key resumes the same import; default: the SHA-256 of the file")]
    [FlagAlias("key", 'k')]
    public string? KeyFlag { get; set; }
}

/// <summary>
/// <c>import FILE.ndjson [--key KEY]</c>: imports the file's lines as the ledger's operators (the bootstrap admin's
/// organization), printing progress after each batch and then every rejected line; exit code 1 when a line was rejected.
/// Run it again after a crash: what was committed is reported as already imported, the rest is imported.
/// </summary>
[Description("Import an NDJSON file of deals, commitments, claims and observations; exit code 1 when a line was rejected",
    Name = "import")]
public sealed class ImportCommand : JasperFxAsyncCommand<ImportInput>
{
    public ImportCommand()
    {
        Usage("Import a file").Arguments(x => x.File);
    }

    public override async Task<bool> Execute(ImportInput input)
    {
        var path = Path.GetFullPath(input.File);
        if (!File.Exists(path))
        {
            Console.Error.WriteLine($"{input.File}: no such file");
            return false;
        }
        return await CommandHost.RunAsync(input, async services =>
        {
            var key = input.KeyFlag ?? Convert.ToHexStringLower(await SHA256.HashDataAsync(File.OpenRead(path)));
            var importId = Importer.IdOf(Caller.Bootstrap, key);
            Console.WriteLine($"import {importId} (key {key})");
            await using var scope = services.CreateAsyncScope();
            using var reader = new StreamReader(path);
            var json = services.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
            var report = await scope.ServiceProvider.GetRequiredService<IMessageBus>()
                .ImportAsync(importId, reader, Caller.Bootstrap, json, progress => Console.WriteLine(progress.ToString()));
            foreach (var line in report.RejectedLines)
                Console.Error.WriteLine($"line {line.Line}{(line.Ref is null ? "" : $" ({line.Ref})")} rejected: " +
                    string.Join("; ", line.Errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")));
            return report.Rejected == 0;
        });
    }
}
