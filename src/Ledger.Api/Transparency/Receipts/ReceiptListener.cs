using Marten;
using Marten.Services;

namespace Ledger.Transparency.Receipts;

/// <summary>After a write commits, gives each pending receipt the sequence of its event (Marten reads it back from the append).</summary>
public sealed class ReceiptListener : DocumentSessionListenerBase
{
    public override Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
    {
        Receipt.Committed(commit.GetEvents());
        return Task.CompletedTask;
    }
}
