namespace Ledger.Verify;

/// <summary>What a check found, line by line; it holds only when nothing failed.</summary>
public sealed class Report
{
    readonly List<string> _lines = [];

    public IReadOnlyList<string> Lines => _lines;
    public IReadOnlyList<string> Failures => [.. _lines.Where(l => l.StartsWith("FAIL ", StringComparison.Ordinal)).Select(l => l[5..])];
    public bool Holds => Failures.Count == 0;

    public void Ok(string message) => _lines.Add("ok   " + message);
    public void Note(string message) => _lines.Add("note " + message);
    public void Fail(string message) => _lines.Add("FAIL " + message);

    public override string ToString() => string.Join(Environment.NewLine, _lines);
}
