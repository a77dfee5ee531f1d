namespace Ledger.Sourcing;

/// <summary>Where a statement in the ledger comes from: every deal, commitment, revision and claim carries at least one.</summary>
public sealed record Source(string Url, string Publisher, DateOnly PublishedOn, string? Title);

/// <summary>A source as a client sends it; validated into a <see cref="Source"/>.</summary>
public sealed record SourceInput(string? Url, string? Publisher, DateOnly? PublishedOn, string? Title)
{
    public Source ToSource() => new(Url!.Trim(), Publisher!.Trim(), PublishedOn!.Value, string.IsNullOrWhiteSpace(Title) ? null : Title.Trim());
}

/// <summary>Statements in the ledger say when they happened in the world and who said so.</summary>
public interface ISourcedStatement
{
    /// <summary>The domain date: when it happened according to its sources (not when the ledger recorded it).</summary>
    DateOnly? OccurredOn { get; }

    IReadOnlyList<Source> Sources { get; }
}
