namespace Ledger.Observations.Sealing;

/// <summary>
/// What an observation holds that could lead to its observer. The ledger stores it only sealed under the observation's
/// own data key, so destroying that key (erasure) leaves it unreadable wherever a copy of the event went.
/// </summary>
/// <param name="EvidenceUrls">The evidence's addresses, by the index of the evidence item (null where none is given).</param>
public sealed record ObserverDetails(
    string Narrative, double? Lat, double? Lon, IReadOnlyList<string?> EvidenceUrls, string? Observer, string? Contact);

/// <summary>AES-256-GCM ciphertext with its tag appended, and its nonce, in base64.</summary>
public sealed record Sealed(string Nonce, string Ciphertext);

/// <summary>
/// An observation's data key, wrapped under the ledger's sealing key (<c>Ledger:Observers:SealingKey</c>). Erasure
/// deletes it: no other copy exists.
/// </summary>
public sealed record ObservationKey(Guid Id, Sealed Wrapped);

/// <summary>
/// That a pseudonym is taken within an organization, and by which key: the first key to use it keeps it, so one
/// pseudonym never merges two observers' reports. The id is a keyed hash: the pseudonym itself is not stored here.
/// </summary>
public sealed record PseudonymClaim(string Id, Guid OrganizationId, string KeyId);
