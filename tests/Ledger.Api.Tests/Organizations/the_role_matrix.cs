using System.Net;
using System.Net.Http.Headers;
using Ledger.Api.Tests.Hosting;
using Xunit.Abstractions;

namespace Ledger.Api.Tests.Organizations;

/// <summary>
/// Every route of the OpenAPI document and every page, asked by each kind of caller: the status each gets, and that no
/// answer carries a pending observation, or its precise position, to a caller who may not know of it. Writes are sent an
/// empty body, so that a caller who passes the access checks gets 400 and nothing is written.
/// </summary>
[Collection(AccessCollection.Name)]
public sealed class the_role_matrix(LedgerApi api, ITestOutputHelper output)
{
    enum Access
    {
        Public, Observer, Curator, Admin, KeysOfA, QueueOfCurators, PendingOfA, ModerationOfA, Page, ModerationPage, AnyKey,
        OwnedByAdmin, NoOnesImport,
    }

    static readonly string[] Roles =
        ["anonymous", "garbage key", "revoked key", "observer A", "observer B", "curator A", "curator B", "admin"];

    static readonly Dictionary<string, Access> ApiRoutes = new()
    {
        ["GET /api/deals"] = Access.Public, ["GET /api/deals/{dealId}"] = Access.Public,
        ["GET /api/deals/{dealId}/scorecard"] = Access.Public, ["GET /api/deals/{dealId}/timeline"] = Access.Public,
        ["GET /api/commitments/{commitmentId}"] = Access.Public, ["GET /api/commitments/{commitmentId}/history"] = Access.Public,
        ["GET /api/commitments/{commitmentId}/series"] = Access.Public, ["GET /api/deals/{dealId}/series"] = Access.Public,
        ["GET /api/commitments/{commitmentId}/observations"] = Access.Public, ["GET /api/gaps"] = Access.Public,
        ["GET /api/units"] = Access.Public, ["GET /api/parties/{name}/record"] = Access.Public,
        ["GET /api/ledger/checkpoint"] = Access.Public, ["GET /api/ledger/checkpoints"] = Access.Public,
        ["GET /api/ledger/entries"] = Access.Public, ["GET /api/ledger/entries/{index}"] = Access.Public,
        ["GET /api/ledger/proofs/inclusion"] = Access.Public, ["GET /api/ledger/proofs/consistency"] = Access.Public,
        ["GET /api/ledger/public-key"] = Access.Public, ["GET /health"] = Access.Public,
        ["GET /api/deals/{dealId}/ocds/releases"] = Access.Public, ["GET /api/deals/{dealId}/ocds/record"] = Access.Public,
        ["GET /api/deals/{dealId}/ocds/releases.csv.zip"] = Access.Public, ["GET /api/ocds/releases"] = Access.Public,
        ["GET /api/ocds/extension.json"] = Access.Public, ["GET /api/ocds/release-schema.json"] = Access.Public,
        ["POST /api/ledger/cosignatures"] = Access.Public, // a registered witness's signature is its credential
        ["GET /api/observations/{observationId}"] = Access.PendingOfA,
        ["GET /api/observations"] = Access.QueueOfCurators,
        ["POST /api/observations/{observationId}/moderation"] = Access.ModerationOfA,
        ["POST /api/observations/{observationId}/erasure"] = Access.ModerationOfA,
        ["POST /api/commitments/{commitmentId}/observations"] = Access.Observer, ["POST /api/evidence"] = Access.Observer,
        ["GET /api/evidence/{sha256}"] = Access.Public, ["GET /api/evidence/{sha256}/original"] = Access.Public,
        ["POST /api/deals"] = Access.Curator, ["POST /api/deals/{dealId}/commitments"] = Access.Curator,
        ["POST /api/deals/{dealId}/amendments"] = Access.Curator, ["POST /api/deals/{dealId}/announcements"] = Access.Curator,
        ["POST /api/commitments/{commitmentId}/revisions"] = Access.Curator,
        ["POST /api/commitments/{commitmentId}/claims"] = Access.Curator,
        ["POST /api/commitments/{commitmentId}/withdrawal"] = Access.Curator, ["POST /api/units"] = Access.Curator,
        ["POST /api/imports"] = Access.Curator, ["GET /api/imports/{importId}"] = Access.NoOnesImport,
        ["GET /api/organizations/{orgId}/keys"] = Access.KeysOfA,
        ["POST /api/organizations/{orgId}/keys/{keyId}/revocation"] = Access.KeysOfA,
        ["POST /api/deals/{dealId}/curators"] = Access.Admin, ["POST /api/organizations"] = Access.Admin,
        ["POST /api/organizations/{orgId}/keys"] = Access.Admin, ["GET /api/organizations"] = Access.Admin,
        ["GET /api/organizations/{orgId}"] = Access.Admin, ["GET /api/cluster"] = Access.Admin,
        // Any key subscribes and lists its own; the subscription filled in is the admin key's, unknown to every other key.
        ["POST /api/subscriptions"] = Access.Observer, ["GET /api/subscriptions"] = Access.AnyKey,
        ["GET /api/subscriptions/{subscriptionId}/deliveries"] = Access.OwnedByAdmin,
        ["DELETE /api/subscriptions/{subscriptionId}"] = Access.OwnedByAdmin,
    };

    static readonly Dictionary<string, Access> Pages = new()
    {
        ["GET /"] = Access.Page, ["GET /deals/{dealId}"] = Access.Page, ["GET /commitments/{commitmentId}"] = Access.Page,
        ["GET /gaps"] = Access.Page, ["GET /parties/{name}"] = Access.Page, ["GET /sign-in"] = Access.Page,
        ["GET /moderation"] = Access.ModerationPage,
    };

    /// <summary>The status a role gets; for a public route or page, null: whatever the anonymous caller gets.</summary>
    static HttpStatusCode? Expected(Access access, string role, string method) => role switch
    {
        "garbage key" or "revoked key" => HttpStatusCode.Unauthorized,
        _ => access switch
        {
            Access.Public or Access.Page => null,
            Access.PendingOfA => role is "observer A" or "curator A" or "admin" ? HttpStatusCode.OK : HttpStatusCode.NotFound,
            Access.ModerationPage => role switch
            {
                "anonymous" => HttpStatusCode.Redirect,
                "observer A" or "observer B" => HttpStatusCode.Forbidden,
                _ => HttpStatusCode.OK,
            },
            _ when role == "anonymous" => HttpStatusCode.Unauthorized,
            Access.Observer => HttpStatusCode.BadRequest,
            Access.AnyKey => method == "GET" ? HttpStatusCode.OK : HttpStatusCode.BadRequest,
            Access.OwnedByAdmin => role != "admin" ? HttpStatusCode.NotFound
                : method == "GET" ? HttpStatusCode.OK : HttpStatusCode.NoContent,
            _ when role.StartsWith("observer") => HttpStatusCode.Forbidden,
            Access.Curator => HttpStatusCode.BadRequest,
            Access.NoOnesImport => HttpStatusCode.NotFound, // curators and admins: no import has the id
            Access.QueueOfCurators => HttpStatusCode.OK,
            Access.ModerationOfA => role == "curator B" ? HttpStatusCode.NotFound : HttpStatusCode.BadRequest,
            Access.KeysOfA when role == "curator B" => HttpStatusCode.Forbidden,
            Access.KeysOfA => method == "GET" ? HttpStatusCode.OK : HttpStatusCode.BadRequest,
            _ /* Admin */ => role == "admin" ? (method == "GET" ? HttpStatusCode.OK : HttpStatusCode.BadRequest)
                : HttpStatusCode.Forbidden,
        },
    };

    /// <summary>Who may know of observer A's pending observation and see its position as submitted.</summary>
    static bool MayKnowPending(string role) => role is "observer A" or "curator A" or "admin";
    static bool SeesPosition(string role) => role is "curator A" or "admin";

    [Fact]
    public async Task every_route_answers_every_role_as_expected_and_nothing_escapes()
    {
        var orgA = await api.RegisterOrganization("Matrix A");
        var orgB = await api.RegisterOrganization("Matrix B");
        var (curatorA, _) = await api.IssueKey(orgA, "curator");
        var (revoked, revokedId) = await api.IssueKey(orgA, "observer");
        var (_, spareKeyId) = await api.IssueKey(orgA, "observer");
        var keys = new Dictionary<string, string?>
        {
            ["anonymous"] = null, ["garbage key"] = $"ldg_{Guid.NewGuid():N}_garbage", ["revoked key"] = revoked,
            ["observer A"] = (await api.IssueKey(orgA, "observer")).Key, ["observer B"] = (await api.IssueKey(orgB, "observer")).Key,
            ["curator A"] = curatorA, ["curator B"] = (await api.IssueKey(orgB, "curator")).Key, ["admin"] = LedgerApi.AdminKey,
        };
        await api.WithKey(curatorA).Post($"/api/organizations/{orgA}/keys/{revokedId}/revocation", new { reason = "Matrix" })
            .Expect(HttpStatusCode.OK);
        // Curator A's organization registers the deal, so its curators, and only they (and admins), moderate it.
        var dealId = (await api.WithKey(curatorA).Post("/api/deals", Scenarios.Deal()).Expect(HttpStatusCode.Created))
            .GetProperty("id").GetString()!;
        var commitmentId = (await api.WithKey(curatorA).Post($"/api/deals/{dealId}/commitments", Scenarios.Commitment())
            .Expect(HttpStatusCode.Created)).GetProperty("id").GetString()!;
        var pending = await api.SubmitObservation(api.WithKey(keys["observer A"]!), commitmentId);
        var subscriptionId = (await api.Admin().Post("/api/subscriptions", new { url = "https://203.0.113.10/matrix" })
            .Expect(HttpStatusCode.Created)).GetProperty("id").GetString()!;
        const string precise = "-10.71"; // Scenarios.Observation's latitude, as submitted

        string Fill(string path) => path.Replace("{dealId}", dealId).Replace("{commitmentId}", commitmentId)
            .Replace("{observationId}", pending).Replace("{orgId}", orgA).Replace("{keyId}", spareKeyId)
            .Replace("{subscriptionId}", subscriptionId)
            .Replace("{name}", Uri.EscapeDataString("Sino-Congolaise des Mines")).Replace("{index}", "0")
            .Replace("{importId}", Guid.NewGuid().ToString())
            .Replace("{sha256}", new string('e', 64)); // no such file: the same 404 for everyone

        var document = await api.Anonymous().GetAsync("/openapi/v1.json").Expect(HttpStatusCode.OK);
        var documented = document.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(m => $"{m.Name.ToUpperInvariant()} {p.Name}")).ToList();
        Assert.Empty(documented.Except(ApiRoutes.Keys)); // a new route declares who may use it here
        Assert.Empty(ApiRoutes.Keys.Except(documented));

        var before = await api.CountEventsAsync();
        var (cells, failures) = (0, new List<string>());
        foreach (var (route, access) in ApiRoutes.Concat(Pages))
        {
            var (method, path) = (route[..route.IndexOf(' ')], Fill(route[(route.IndexOf(' ') + 1)..]));
            HttpStatusCode? anonymous = null;
            foreach (var role in Roles)
            {
                var (status, body) = await SendAsync(method, path, keys[role]);
                anonymous ??= status;
                cells++;
                var expected = Expected(access, role, method) ?? anonymous;
                if (status != expected) failures.Add($"{route} as {role}: {(int)status}, expected {(int)expected!}");
                // A 404 echoes the id the caller sent; the log withholds the pending observation's entries (leaf only).
                var echoes = path.Contains(pending) && status == HttpStatusCode.NotFound;
                if (!MayKnowPending(role) && !echoes && body.Contains(pending))
                    failures.Add($"{route} as {role}: shows the pending observation");
                if (!SeesPosition(role) && body.Contains(precise)) failures.Add($"{route} as {role}: shows the precise position");
            }
            if (access is Access.Public or Access.Page && anonymous is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
                failures.Add($"{route}: public, but refused anonymous callers");
        }

        output.WriteLine($"{cells} (route, role) cells checked: {ApiRoutes.Count} routes and {Pages.Count} pages × {Roles.Length} roles");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal(ApiRoutes.Count * Roles.Length + Pages.Count * Roles.Length, cells);
        Assert.Equal(before, await api.CountEventsAsync()); // every write was refused
    }

    async Task<(HttpStatusCode Status, string Body)> SendAsync(string method, string path, string? key)
    {
        using var client = api.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions
        {
            AllowAutoRedirect = false,
        });
        if (key is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        // An upload is sent a form without its file; every other write an empty JSON object.
        if (method == "POST")
            request.Content = path == "/api/evidence" ? new MultipartFormDataContent()
                : new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
        using var response = await client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
