using JasperFx.Events.Projections;
using Ledger.Transparency;
using Marten;
namespace Ledger.Organizations;

public enum Role { Observer, Curator, Admin }

public sealed record OrganizationRegistered(Guid OrganizationId, [Protected] string Name);

/// <summary>Only the SHA-256 of the key's secret is ever stored; the key itself is shown once, to its requester.</summary>
public sealed record ApiKeyIssued(
    Guid KeyId, Guid OrganizationId, [Protected] string OrganizationName, Role Role, [Protected] string SecretSha256);

/// <summary>
/// A key stops working at once, on every node. The reason may name an observer in danger, so it can be erased;
/// who revoked it is recorded here as well as in the event's attribution.
/// </summary>
public sealed record ApiKeyRevoked(
    Guid KeyId, Guid OrganizationId, [Protected] string Reason, DateTimeOffset RevokedAt, Guid RevokedByOrganizationId,
    string RevokedByKeyId);

public sealed record Organization(Guid Id, string Name)
{
    public long Version { get; init; }
    public static Organization Create(OrganizationRegistered e) => new(e.OrganizationId, e.Name);
}

public sealed record ApiKey(Guid Id, Guid OrganizationId, string OrganizationName, Role Role, string SecretSha256)
{
    public long Version { get; init; }
    public DateTimeOffset? RevokedAt { get; init; }
    public string? RevocationReason { get; init; }
    public string? RevokedByKeyId { get; init; }

    public static ApiKey Create(ApiKeyIssued e) => new(e.KeyId, e.OrganizationId, e.OrganizationName, e.Role, e.SecretSha256);

    public ApiKey Apply(ApiKeyRevoked e) =>
        this with { RevokedAt = e.RevokedAt, RevocationReason = e.Reason, RevokedByKeyId = e.RevokedByKeyId };
}

/// <summary>
/// When a key was last used, to the minute: a plain document, not an event, since the public log must not tell when an
/// observer was out in the field.
/// </summary>
public sealed record ApiKeyUse(Guid Id, DateTimeOffset LastUsedAt);

public static class OrganizationsStore
{
    /// <summary>Each aggregate is an inline snapshot: written in the same transaction as its events, so reads never lag writes.</summary>
    public static StoreOptions ConfigureOrganizations(this StoreOptions o)
    {
        o.Projections.Snapshot<Organization>(SnapshotLifecycle.Inline);
        o.Projections.Snapshot<ApiKey>(SnapshotLifecycle.Inline);
        o.Schema.For<ApiKey>().Index(k => k.OrganizationId);
        o.Schema.For<ApiKeyUse>();
        return o;
    }
}
