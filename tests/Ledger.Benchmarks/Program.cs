using System.Runtime.InteropServices;
using Ledger.Benchmarks;

// dotnet run -c Release --project tests/Ledger.Benchmarks -- <scenario|all> [--quick] [--events N] [--entries N] [--listen-notify] [--trace]
// The external scenario's load generator is this program too, in a process of its own.
if (args.FirstOrDefault() == "load") return await LoadGenerator.RunAsync(args);
var scenario = args.FirstOrDefault() ?? "help";
var quick = args.Contains("--quick");
var entries = args.SkipWhile(a => a != "--entries").Skip(1).Select(long.Parse).FirstOrDefault(quick ? 3_000 : 100_000);
var events = args.SkipWhile(a => a != "--events").Skip(1).Select(int.Parse).FirstOrDefault(quick ? 20_000 : 100_000);

Console.WriteLine($"# Ledger benchmarks — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC — {string.Join(' ', args)}");
Console.WriteLine($"# machine: {Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1L << 30)} GiB, " +
                  $"{RuntimeInformation.OSDescription}, .NET {Environment.Version}");
var debug = typeof(ProofLatency).Assembly
    .GetCustomAttributes(typeof(System.Diagnostics.DebuggableAttribute), false)
    .OfType<System.Diagnostics.DebuggableAttribute>()
    .Any(d => d.IsJITOptimizerDisabled);
Console.WriteLine($"# configuration: {(debug ? "Debug" : "Release")}, " +
                  "PostgreSQL from LEDGER_TEST_CONNECTION, Testcontainers or a throwaway local cluster (fsync off); " +
                  "a fresh database per scenario; `external` starts a durable cluster of its own (fsync on)");

var scenarios = new (string Name, string Help, Func<Task> Run)[]
{
    ("ingest", "P1 observations POSTed over HTTP by 1/8/32 clients vs Npgsql INSERTs", () => Ingest.RunAsync(quick)),
    ("bulk", "P2 1,000 events per Marten session vs Npgsql binary COPY", () => Bulk.RunAsync(quick)),
    ("import", "P2 an NDJSON file through the bulk import (--events N lines) vs binary COPY of the events it appended",
        () => Import.RunAsync(args.Contains("--events") ? events : 100_000, quick)),
    ("reads", "P3 status, scorecard, gaps, party record at --events N, with and without asOf/knownAt", () => Reads.RunAsync(events, quick)),
    ("growth", "Growth: the reads at 100k then 1M events (--quick: 10k then 100k), each read's p50 at the larger ÷ the smaller",
        () => Growth.RunAsync(quick)),
    ("observed", "P3 anonymous gaps on 32 commitments, fresh vs 500 more observations each (--quick: 100)",
        () => Reads.ObservedAsync(quick ? 100 : 500, quick)),
    ("freshness", "P4 async projection lag under load, full rebuild time " +
                  "[--listen-notify: also with Marten's LISTEN/NOTIFY wakeup] [--trace: statements per projection's " +
                  "rebuild (on a server preloading pg_stat_statements), a profile of the gaps rebuild]",
        () => Freshness.RunAsync(events, quick, args.Contains("--listen-notify"), args.Contains("--trace"))),
    ("startup", "P6 process start to first served request, RSS after load", () => Startup.RunAsync(quick)),
    ("proofs", "transparency-log proofs at 1,000 and --entries N", () => ProofLatency.RunAsync(entries)),
    ("external", "P1/P4 from outside: the Release app as its own process on a durable PostgreSQL, a separate load generator, " +
                 "pgbench as the yardstick [--trace: a dotnet-trace profile of the app at 32 clients]",
        () => External.RunAsync(quick, args.Contains("--trace"))),
};

var chosen = scenario == "all" ? scenarios.Where(s => s.Name != "proofs" || !quick).ToArray() : scenarios.Where(s => s.Name == scenario).ToArray();
if (chosen.Length == 0)
{
    Console.WriteLine("scenarios (or `all`; --quick for a sanity run under two minutes):");
    foreach (var s in scenarios) Console.WriteLine($"  {s.Name,-10} {s.Help}");
    return scenario == "help" ? 0 : 2;
}
var total = System.Diagnostics.Stopwatch.StartNew();
foreach (var s in chosen)
{
    var clock = System.Diagnostics.Stopwatch.StartNew();
    Console.WriteLine($"## {s.Name}");
    await s.Run();
    Console.WriteLine($"# {s.Name} took {clock.Elapsed.TotalSeconds:F0} s");
}
Goals.PrintSummary();
Console.WriteLine($"# total {total.Elapsed.TotalSeconds:F0} s");
return 0;
