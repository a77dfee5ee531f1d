using System.Runtime.InteropServices;
using Ledger.Benchmarks;

// dotnet run -c Release --project tests/Ledger.Benchmarks -- proofs [--entries 100000]
var scenario = args.FirstOrDefault() ?? "help";
var entries = args.SkipWhile(a => a != "--entries").Skip(1).Select(long.Parse).FirstOrDefault(100_000);

Console.WriteLine($"# Ledger benchmarks — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
Console.WriteLine($"# machine: {Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1L << 30)} GiB, " +
                  $"{RuntimeInformation.OSDescription}, .NET {Environment.Version}");
Console.WriteLine($"# configuration: {(typeof(ProofLatency).Assembly.GetCustomAttributes(typeof(System.Diagnostics.DebuggableAttribute), false).Length > 0 ? "Debug" : "Release")}, " +
                  "PostgreSQL from LEDGER_TEST_CONNECTION, Testcontainers or a throwaway local cluster (fsync off)");

switch (scenario)
{
    case "proofs":
        await ProofLatency.RunAsync(entries);
        return 0;
    default:
        Console.WriteLine("scenarios: proofs [--entries N]   transparency-log proofs at 1,000 and N entries");
        return scenario == "help" ? 0 : 2;
}
