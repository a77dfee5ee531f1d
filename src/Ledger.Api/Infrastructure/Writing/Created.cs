using Ledger.Infrastructure.Writing;
using Ledger.Transparency.Receipts;

namespace Ledger.Infrastructure.Writing;

/// <summary>
/// The body of a 201 Created (its Location header says where to read it): what was created, the stream version after the
/// write, and the receipt of the appended event (its sequence in the transparency log).
/// </summary>
public sealed record Created(Guid Id, long Version, Receipt Receipt);

/// <summary>What a write that created something appended: its id (a stream's, or a revision's within one), and where to read it.</summary>
public sealed record Appended(Guid Id, Guid StreamId, long Version, string Location) : IAppended;
