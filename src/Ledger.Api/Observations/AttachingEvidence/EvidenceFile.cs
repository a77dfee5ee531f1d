using Ledger.Observations.Sealing;
using Marten;

namespace Ledger.Observations.AttachingEvidence;

/// <summary>
/// A file attached as evidence, by the SHA-256 of the file as uploaded (the hash an observation names). The public may
/// download only <see cref="Stripped"/>, and only once an observation naming it is accepted; the original, with its
/// metadata, is kept sealed for the uploading organization's curators and admins. Erasing an observation deletes the
/// files it names that its organization uploaded.
/// </summary>
public sealed record EvidenceFile(
    string Id, string MediaType, long Size, Guid OrganizationId, DateTimeOffset UploadedAt, byte[] Stripped,
    string StrippedSha256, Sealed Original, ObservationKey OriginalKey);

public static class EvidenceStore
{
    public static StoreOptions ConfigureEvidence(this StoreOptions o)
    {
        o.Schema.For<EvidenceFile>().Index(x => x.OrganizationId);
        return o;
    }
}
