using Ledger.Organizations.Keys;
using Marten;

namespace Ledger.Importing;

/// <summary>
/// An import's last run as far as it has committed: lines read, accepted, already imported (by an earlier run) and
/// rejected, with why each rejected line was (the first <see cref="MaxRejectedListed"/> of them). Stored in the same
/// transaction as each batch's events, so a run killed mid-way reports what is in the ledger, and a new run starts it afresh.
/// <see cref="Ids"/> names what the lines with a ref created (deal, commitment, claim or observation id).
/// Holds only what the importer sent: line numbers, its refs and the rules a line broke.
/// </summary>
public sealed record ImportReport(
    Guid Id, Guid OrganizationId, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, int LinesRead, int Accepted,
    int AlreadyImported, int Rejected, int EventsAppended, int LastLine, IReadOnlyList<RejectedLine> RejectedLines,
    IReadOnlyDictionary<string, Guid> Ids)
{
    public const int MaxRejectedListed = 1000, MaxIdsListed = 1000;

    public string Status => FinishedAt is null ? "running" : "finished";

    public static ImportReport Start(Guid id, Caller by, DateTimeOffset now) =>
        new(id, by.OrganizationId, now, null, 0, 0, 0, 0, 0, 0, [], new Dictionary<string, Guid>());

    public ImportReport Reading(int lines) => this with { LinesRead = LinesRead + lines };

    public ImportReport Accepting(ImportLine line, int events) => Naming(line) with
    {
        Accepted = Accepted + 1, EventsAppended = EventsAppended + events, LastLine = Math.Max(LastLine, line.Number),
    };

    public ImportReport AlreadyImporting(ImportLine line) =>
        Naming(line) with { AlreadyImported = AlreadyImported + 1, LastLine = Math.Max(LastLine, line.Number) };

    /// <summary>The id a line's ref names, for the client to read what it created (the first <see cref="MaxIdsListed"/>).</summary>
    ImportReport Naming(ImportLine line) => line.Ref is { } name && Ids.Count < MaxIdsListed
        ? this with { Ids = new Dictionary<string, Guid>(Ids) { [name] = line.Id } }
        : this;

    public ImportReport Rejecting(RejectedLine line) => this with
    {
        Rejected = Rejected + 1,
        LastLine = Math.Max(LastLine, line.Line),
        RejectedLines = RejectedLines.Count < MaxRejectedListed ? [.. RejectedLines, line] : RejectedLines,
    };

    public ImportReport Finished(DateTimeOffset now) => this with { FinishedAt = now };

    /// <summary>One line of progress, as the command line prints it.</summary>
    public override string ToString() =>
        $"{LinesRead} lines read: {Accepted} accepted, {AlreadyImported} already imported, {Rejected} rejected " +
        $"({EventsAppended} events appended)";
}

public static class ImportsStore
{
    public static StoreOptions ConfigureImports(this StoreOptions o)
    {
        o.Schema.For<ImportReport>();
        return o;
    }
}
