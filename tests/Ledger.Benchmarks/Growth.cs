namespace Ledger.Benchmarks;

/// <summary>
/// Growth: the reads at two sizes of ledger in one run (100k then 1M events; --quick: 10k then 100k), each read's p50 at
/// the larger ÷ at the smaller. A read whose answer is a page should cost about the same at ten times the events; the
/// party record's answer lists every commitment of the party, which grows with the ledger here (40 promisors).
/// </summary>
public static class Growth
{
    /// <summary>The p50 ratio allowed for ten times the events: the machine's noise between two runs, not the ledger.</summary>
    const double Allowed = 2.0;

    static readonly string[] AnswerGrows = ["party record", "party record asOf"];

    public static async Task RunAsync(bool quick)
    {
        var (small, large) = quick ? (10_000, 100_000) : (100_000, 1_000_000);
        var before = await Reads.RunAsync(small, quick);
        var after = await Reads.RunAsync(large, quick);
        Bench.Line($"Growth: each read's p50 at {large:N0} events ÷ at {small:N0} (goal ≤ {Allowed:F0}× where the answer is a page)");
        var grew = new List<string>();
        foreach (var read in after)
        {
            var smaller = before.Single(r => r.Name == read.Name);
            var ratio = read.P50 / smaller.P50;
            var paged = !AnswerGrows.Contains(read.Name);
            if (paged && ratio > Allowed) grew.Add($"{read.Name} {ratio:F1}×");
            Bench.Line($"  {read.Name,-31} p50 {smaller.P50,8:F2} → {read.P50,8:F2} ms  = {ratio,6:F2}×" +
                       (paged ? "" : "  (the answer grows with the party's commitments)"));
        }
        Goals.Report("Growth: each figure at 100k and 1M events", $"growth, {small:N0} then {large:N0} events",
            grew.Count == 0 ? "no read with a page for an answer grew" : $"grew: {string.Join(", ", grew)}",
            $"≤ {Allowed:F0}× p50 for 10× the events", grew.Count == 0);
    }
}
