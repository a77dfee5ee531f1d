namespace Ledger.Benchmarks;

/// <summary>
/// The goals of the performance issue, each printed by the scenario that measures it in one uniform line
/// (<c>GOAL P1 ingest ratio: 0.08× (goal ≥ 0.5×) MISSED</c>) and collected for the closing goals block.
/// </summary>
public static class Goals
{
    /// <summary>Every goal of the issue, in the order the closing block prints them, and the scenario that measures it.</summary>
    static readonly (string Goal, string Scenario)[] Issue =
    [
        ("P1 ingest ratio", "ingest, external"), ("P1 ingest p99", "ingest, external"),
        ("P1 durability", "external"), ("P1 idempotency", "external"), ("P1 app CPU per observation", "external"),
        ("P2 bulk ratio", "bulk"), ("P2 import ratio", "import"), ("P3 read p99", "reads"), ("P3 time-travel p99", "reads"),
        ("P3 gaps independent of observations", "observed"),
        ("Growth: each figure at 100k and 1M events", "growth (reads at 100k then 1M events; freshness at each for P4)"),
        ("P4 lag p99", "freshness, external"), ("P4 rebuild per 1M events", "freshness, external"),
        ("P6 start", "startup"), ("P6 RSS peak", "startup"),
    ];

    static readonly List<(string Goal, string Line)> Reported = [];

    /// <summary>Prints and keeps one verdict; <paramref name="where"/> says which run measured it (e.g. "external N=32").</summary>
    public static void Report(string goal, string where, string figure, string target, bool met)
    {
        var line = $"GOAL {goal}: {figure} (goal {target}) {(met ? "MET" : "MISSED")}  [{where}]";
        lock (Reported) Reported.Add((goal, line));
        Bench.Line(line);
    }

    /// <summary>The closing block: every verdict reported in this run, and the goals no scenario of this run measured.</summary>
    public static void PrintSummary()
    {
        Bench.Line("## goals");
        foreach (var (goal, scenario) in Issue)
        {
            var lines = Reported.Where(r => r.Goal == goal).Select(r => r.Line).ToList();
            if (lines.Count == 0) Bench.Line($"GOAL {goal}: not measured in this run (scenario: {scenario})");
            foreach (var line in lines) Bench.Line(line);
        }
        foreach (var (_, line) in Reported.Where(r => Issue.All(i => i.Goal != r.Goal))) Bench.Line(line);
    }
}
