using System.Security.Claims;
using Ledger.Organizations;

namespace Ledger.Organizations.Keys;

/// <summary>Who is writing: every event records the organization and key that appended it.</summary>
public sealed record Caller(Guid OrganizationId, string OrganizationName, string KeyId, Role Role)
{
    /// <summary>The operators' organization, behind the bootstrap admin key from configuration.</summary>
    public static readonly Caller Bootstrap =
        new(Guid.Parse("6c656467-6572-4000-8000-000000000001"), "Ledger operators", "bootstrap", Role.Admin);

    /// <summary>The ledger itself, for what it records on its own (a deadline passed).</summary>
    public static readonly Caller System =
        new(Guid.Parse("6c656467-6572-4000-8000-000000000002"), "Ledger (system)", "system", Role.Admin);

    /// <summary>Admins manage every organization's keys; a curator, those of their own organization.</summary>
    public bool MayManageKeysOf(Guid organizationId) =>
        Role == Role.Admin || (Role == Role.Curator && OrganizationId == organizationId);

    const string OrganizationIdClaim = "ledger:organization-id";
    const string OrganizationNameClaim = "ledger:organization-name";

    public ClaimsPrincipal ToPrincipal(string scheme) => new(new ClaimsIdentity(
    [
        // The key id is the identity's name, so idempotency keys are scoped per API key.
        new Claim(ClaimTypes.Name, KeyId),
        new Claim(ClaimTypes.Role, Role.ToString()),
        new Claim(OrganizationIdClaim, OrganizationId.ToString()),
        new Claim(OrganizationNameClaim, OrganizationName),
    ], scheme));

    public static Caller? From(ClaimsPrincipal user)
    {
        if (user.Identity?.IsAuthenticated != true) return null;
        var role = Enum.Parse<Role>(user.FindFirstValue(ClaimTypes.Role)!);
        return new Caller(Guid.Parse(user.FindFirstValue(OrganizationIdClaim)!), user.FindFirstValue(OrganizationNameClaim)!,
            user.Identity.Name!, role);
    }
}
