using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Ledger.Api.Tests.Hosting;

/// <summary>Steps that many tests start from, each through the public HTTP API.</summary>
public static class Scenarios
{
    public static object Source(string url = "https://example.org/source") =>
        new { url, publisher = "Example Publisher", publishedOn = "2023-05-01", title = "A source" };

    public static object Deal(string title = "Minerals for infrastructure") => new
    {
        title,
        parties = new object[]
        {
            new { name = "Democratic Republic of the Congo", kind = "state", country = "CD" },
            new { name = "Sino-Congolaise des Mines", kind = "company", country = "CD" },
        },
        summary = "A deal exchanging mining rights for infrastructure.",
        signedOn = "2008-04-22",
        sources = new[] { Source() },
    };

    public static object Commitment(decimal amount = 3000, string unit = "km", string? dueOn = "2030-12-31", string title = "Build railway") => new
    {
        promisor = "Sino-Congolaise des Mines",
        beneficiary = "Democratic Republic of the Congo",
        title,
        category = "rail",
        target = new { amount, unit },
        dueOn,
        binding = true,
        madeOn = "2008-04-22",
        sources = new[] { Source() },
    };

    public static object Observation(decimal? amount = 100, string assessment = "partially-delivered", string narrative = "Seen on site.") => new
    {
        observedOn = "2024-03-01",
        finding = new { assessment, amount },
        narrative,
        language = "fr",
        location = new { place = "Kolwezi", lat = -10.71, lon = 25.47 },
        evidence = new[] { new { sha256 = new string('a', 64), mediaType = "image/jpeg", url = "https://example.org/photo.jpg", title = "Photo" } },
    };

    public static async Task<JsonElement> Json(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(text.Length == 0 ? "null" : text).RootElement.Clone();
    }

    public static async Task<JsonElement> Expect(this Task<HttpResponseMessage> request, HttpStatusCode status)
    {
        using var response = await request;
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status} but got {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body.Length == 0 ? "null" : body).RootElement.Clone();
    }

    public static Task<HttpResponseMessage> Post(this HttpClient client, string url, object body, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body) };
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        return client.SendAsync(request);
    }

    /// <summary>A new organization and a key for it with the role: the key itself, as an observer would paste it.</summary>
    public static async Task<string> KeyWithRole(this LedgerApi api, string role)
    {
        var admin = api.Admin();
        var org = await admin.Post("/api/organizations", new { name = $"{role} organization {Guid.NewGuid():N}" }).Expect(HttpStatusCode.Created);
        var key = await admin.Post($"/api/organizations/{org.GetProperty("id").GetString()}/keys", new { role }).Expect(HttpStatusCode.Created);
        return key.GetProperty("key").GetString()!;
    }

    public static async Task<string> RegisterOrganization(this LedgerApi api, string name = "Organization") =>
        (await api.Admin().Post("/api/organizations", new { name = $"{name} {Guid.NewGuid():N}" }).Expect(HttpStatusCode.Created))
        .GetProperty("id").GetString()!;

    /// <summary>A key issued to the organization: the key itself and its id.</summary>
    public static async Task<(string Key, string Id)> IssueKey(this LedgerApi api, string organizationId, string role)
    {
        var key = await api.Admin().Post($"/api/organizations/{organizationId}/keys", new { role }).Expect(HttpStatusCode.Created);
        return (key.GetProperty("key").GetString()!, key.GetProperty("id").GetString()!);
    }

    /// <summary>A curator key of a new organization that an admin granted the deal: curators moderate only their deals.</summary>
    public static async Task<string> CuratorKeyOf(this LedgerApi api, string dealId)
    {
        var organizationId = await api.RegisterOrganization("Curators");
        var (key, _) = await api.IssueKey(organizationId, "curator");
        await api.Admin().Post($"/api/deals/{dealId}/curators", new { organizationId }).Expect(HttpStatusCode.OK);
        return key;
    }

    public static async Task<HttpClient> CuratorOf(this LedgerApi api, string dealId) => api.WithKey(await api.CuratorKeyOf(dealId));

    public static async Task<HttpClient> ClientWithRole(this LedgerApi api, string role)
    {
        var admin = api.Admin();
        var org = await admin.Post("/api/organizations", new { name = $"{role} organization {Guid.NewGuid():N}" }).Expect(HttpStatusCode.Created);
        var key = await admin.Post($"/api/organizations/{org.GetProperty("id").GetString()}/keys", new { role }).Expect(HttpStatusCode.Created);
        return api.WithKey(key.GetProperty("key").GetString()!);
    }

    /// <summary>An observer and a curator of one new organization.</summary>
    public static async Task<(HttpClient Observer, HttpClient Curator)> OneOrganization(this LedgerApi api)
    {
        var admin = api.Admin();
        var org = await admin.Post("/api/organizations", new { name = $"Watch {Guid.NewGuid():N}" }).Expect(HttpStatusCode.Created);
        var orgId = org.GetProperty("id").GetString();
        async Task<HttpClient> Key(string role) => api.WithKey((await admin.Post($"/api/organizations/{orgId}/keys",
            new { role }).Expect(HttpStatusCode.Created)).GetProperty("key").GetString()!);
        return (await Key("observer"), await Key("curator"));
    }

    /// <summary>Every table of the database (any schema but PostgreSQL's own) whose rows, as text, hold <paramref name="needle"/>.</summary>
    public static async Task<List<string>> TablesHoldingAsync(this LedgerApi api, string needle)
    {
        var tables = await Sql.ColumnAsync<string>(api.ConnectionString,
            "SELECT format('%I.%I', table_schema, table_name) FROM information_schema.tables " +
            "WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')");
        var holding = new List<string>();
        foreach (var table in tables)
            if (await api.ScalarAsync<long>($"SELECT count(*) FROM {table} t WHERE strpos(t::text, @needle) > 0", ("needle", needle)) > 0)
                holding.Add(table);
        return holding;
    }

    public static async Task<string> RegisterDeal(this LedgerApi api, object? deal = null) =>
        (await api.Admin().Post("/api/deals", deal ?? Deal()).Expect(HttpStatusCode.Created)).GetProperty("id").GetString()!;

    public static async Task<string> MakeCommitment(this LedgerApi api, string dealId, object? commitment = null) =>
        (await api.Admin().Post($"/api/deals/{dealId}/commitments", commitment ?? Commitment()).Expect(HttpStatusCode.Created))
        .GetProperty("id").GetString()!;

    /// <summary>A fresh deal with one commitment: the starting point of most commitment and observation tests.</summary>
    public static async Task<(string DealId, string CommitmentId)> DealWithCommitment(this LedgerApi api, object? commitment = null)
    {
        var dealId = await api.RegisterDeal();
        return (dealId, await api.MakeCommitment(dealId, commitment));
    }

    public static async Task<string> SubmitObservation(this LedgerApi api, HttpClient observer, string commitmentId, object? observation = null) =>
        (await observer.Post($"/api/commitments/{commitmentId}/observations", observation ?? Observation(), Guid.NewGuid().ToString())
            .Expect(HttpStatusCode.Created)).GetProperty("id").GetString()!;

    public static Task<JsonElement> Status(this LedgerApi api, string commitmentId) =>
        api.Anonymous().GetAsync($"/api/commitments/{commitmentId}").Expect(HttpStatusCode.OK);

    /// <summary>Asserts an RFC 9457 answer with the given status, and (for 400) that each named field is among its errors.</summary>
    public static async Task<JsonElement> ExpectProblem(this Task<HttpResponseMessage> request, HttpStatusCode status, params string[] fields)
    {
        using var response = await request;
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status} but got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement.Clone();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.DoesNotContain("   at ", body); // no stack trace
        foreach (var field in fields)
            Assert.True(problem.TryGetProperty("errors", out var errors) && errors.TryGetProperty(field, out _),
                $"Expected an error on '{field}' in {body}");
        return problem;
    }
}
