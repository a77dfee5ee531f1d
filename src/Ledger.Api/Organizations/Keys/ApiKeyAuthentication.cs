using System.Text.Encodings.Web;
using Ledger.Organizations;
using Marten;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Ledger.Organizations.Keys;

/// <summary>Bearer API keys: the bootstrap admin key from configuration, or a key issued to an organization.</summary>
public sealed class ApiKeyAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, BootstrapAdminKey bootstrapAdminKey,
    IssuedKeys issuedKeys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    const string FailureItem = "ledger:api-key-failure";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header)) return AuthenticateResult.NoResult();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return AuthenticateResult.Fail("The Authorization header must be 'Bearer <api key>'.");
        var key = header["Bearer ".Length..].Trim();
        var (caller, failure) = await ResolveAsync(key, bootstrapAdminKey, issuedKeys, Context.RequestAborted);
        if (caller is not null) return Success(caller);
        Context.Items[FailureItem] = failure; // the policy scheme in front does not hand the failure to the challenge
        return AuthenticateResult.Fail(failure!);
    }

    /// <summary>Who holds this key, or why it is refused: the bearer scheme and the web sign-in check keys the same way.</summary>
    public static async Task<(Caller? Caller, string? Failure)> ResolveAsync(
        string key, BootstrapAdminKey bootstrapAdminKey, IssuedKeys issuedKeys, CancellationToken ct)
    {
        var bootstrap = bootstrapAdminKey.Value;
        if (!string.IsNullOrEmpty(bootstrap) && ApiKeys.SameSecret(key, bootstrap)) return (Caller.Bootstrap, null);

        if (!ApiKeys.TryParse(key, out var keyId, out var secret)) return (null, "The API key is malformed.");
        var stored = await issuedKeys.FindAsync(keyId, ct);
        if (stored is null || !ApiKeys.Matches(secret, stored.SecretSha256)) return (null, "The API key is not valid.");
        if (stored.RevokedAt is not null) return (null, "The API key was revoked.");
        await issuedKeys.NoteUseAsync(stored.Id, ct);
        return (new Caller(stored.OrganizationId, stored.OrganizationName, stored.Id.ToString("N"), stored.Role), null);
    }

    AuthenticateResult Success(Caller caller) => AuthenticateResult.Success(new AuthenticationTicket(caller.ToPrincipal(SchemeName), SchemeName));

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        var failure = Context.Items[FailureItem] as string;
        return WriteProblem(StatusCodes.Status401Unauthorized, "An API key is required",
            failure ?? "Send 'Authorization: Bearer <api key>'. Keys are issued by an admin with POST /api/organizations/{orgId}/keys.");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        WriteProblem(StatusCodes.Status403Forbidden, "This key's role may not do that",
            $"The key's role is '{Caller.From(Context.User)?.Role.ToString().ToLowerInvariant()}'; this route needs a more privileged role.");

    Task WriteProblem(int status, string title, string detail) =>
        Results.Problem(new ProblemDetails { Status = status, Title = title, Detail = detail }).ExecuteAsync(Context);
}

public static class InvalidKeys
{
    /// <summary>
    /// A request that sends a key which does not hold (revoked, unknown, malformed) is answered 401 on every route, public
    /// ones included: it is never served quietly as anonymous, so its sender learns at once that the key no longer works.
    /// </summary>
    public static IApplicationBuilder UseRefusalOfInvalidKeys(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (!string.IsNullOrEmpty(http.Request.Headers.Authorization) && http.User.Identity?.IsAuthenticated != true)
        {
            await http.ChallengeAsync(ApiKeyAuthentication.SchemeName);
            return;
        }
        await next(http);
    });
}

/// <summary>Roles nest: an admin may do what a curator may, and a curator what an observer may.</summary>
public static class Policies
{
    public const string Observer = "observer";
    public const string Curator = "curator";
    public const string Admin = "admin";

    public static void Add(AuthorizationOptions options)
    {
        options.AddPolicy(Observer, p => p.RequireRole(nameof(Role.Observer), nameof(Role.Curator), nameof(Role.Admin)));
        options.AddPolicy(Curator, p => p.RequireRole(nameof(Role.Curator), nameof(Role.Admin)));
        options.AddPolicy(Admin, p => p.RequireRole(nameof(Role.Admin)));
    }
}
