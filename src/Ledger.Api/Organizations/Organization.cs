using JasperFx.Events.Projections;
using Ledger.Transparency;
using Marten;
namespace Ledger.Organizations;

public enum Role { Observer, Curator, Admin }

public sealed record OrganizationRegistered(Guid OrganizationId, [Protected] string Name);

/// <summary>Only the SHA-256 of the key's secret is ever stored; the key itself is shown once, to its requester.</summary>
public sealed record ApiKeyIssued(
    Guid KeyId, Guid OrganizationId, [Protected] string OrganizationName, Role Role, [Protected] string SecretSha256);

public sealed record Organization(Guid Id, string Name)
{
    public long Version { get; init; }
    public static Organization Create(OrganizationRegistered e) => new(e.OrganizationId, e.Name);
}

public sealed record ApiKey(Guid Id, Guid OrganizationId, string OrganizationName, Role Role, string SecretSha256)
{
    public long Version { get; init; }
    public static ApiKey Create(ApiKeyIssued e) => new(e.KeyId, e.OrganizationId, e.OrganizationName, e.Role, e.SecretSha256);
}

public static class OrganizationsStore
{
    /// <summary>Each aggregate is an inline snapshot: written in the same transaction as its events, so reads never lag writes.</summary>
    public static StoreOptions ConfigureOrganizations(this StoreOptions o)
    {
        o.Projections.Snapshot<Organization>(SnapshotLifecycle.Inline);
        o.Projections.Snapshot<ApiKey>(SnapshotLifecycle.Inline);
        o.Schema.For<ApiKey>().Index(k => k.OrganizationId);
        return o;
    }
}
