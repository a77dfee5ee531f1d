using Ledger.Commitments.Status;

namespace Ledger.Commitments.Gaps;

/// <summary>
/// One page of a query's rows, taken from rows that arrive in any order, without holding them all: only the rows that can
/// still reach the page are kept (about twice the page's reach at most), so a request over every commitment of the ledger
/// needs memory for a few pages, not for the ledger.
/// </summary>
public sealed class LeadingRows(GapsQuery query, int slack = 1024)
{
    readonly int _reach = (int)Math.Min((long)query.Page * query.PageSize, int.MaxValue);
    List<CommitmentStatus> _rows = [];

    /// <summary>Every row added so far.</summary>
    public long Total { get; private set; }

    public void Add(CommitmentStatus row)
    {
        Total++;
        _rows.Add(row);
        // The order is total (ties broken by id), so the rows cut here could never be on the page.
        if (_rows.Count >= 2L * _reach + slack) _rows = [.. query.Order(_rows).Take(_reach)];
    }

    public IReadOnlyList<CommitmentStatus> Page() => [.. query.Order(_rows).Skip((query.Page - 1) * query.PageSize).Take(query.PageSize)];
}
