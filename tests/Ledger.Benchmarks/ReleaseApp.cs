using System.Net.Http.Json;
using System.Text.Json;
using Ledger.Api.Tests.Hosting;

namespace Ledger.Benchmarks;

/// <summary>
/// The Release build of the app (src/Ledger.Api/bin/Release/net10.0/Ledger.Api.dll, built with this harness) as its own
/// process with Production settings, and what a load needs in it: an observer key and commitments, made over HTTP.
/// </summary>
public static class ReleaseApp
{
    public const string AdminKey = "benchmark-bootstrap-admin-key";

    public static string Dll => Path.Combine(Repository.Root, "src", "Ledger.Api", "bin", "Release", "net10.0", "Ledger.Api.dll");

    /// <summary>Production environment, no seeds; rate limits stay off as in every process the tests start.</summary>
    public static ApiProcess Start(string connectionString) => ApiProcess.Start("the app", connectionString, new Dictionary<string, string>
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["Ledger:BootstrapAdminKey"] = AdminKey,
        ["Ledger:Seed"] = "false",
        ["Ledger:Transparency:SigningKey"] = LedgerApi.SigningKey,
        ["Ledger:DataDirectory"] = Path.Combine(Path.GetTempPath(), $"ledger-bench-{Guid.NewGuid():N}"),
    }, Dll);

    public sealed record Target(string ObserverKey, string[] Commitments);

    /// <summary>An observer key (through the bootstrap admin key), a deal and its commitments.</summary>
    public static async Task<Target> PrepareAsync(HttpClient http, int commitments)
    {
        http.DefaultRequestHeaders.Authorization = new("Bearer", AdminKey);
        var org = await Json(await http.PostAsJsonAsync("/api/organizations", new { name = "Benchmark observers" }));
        var key = await Json(await http.PostAsJsonAsync($"/api/organizations/{Id(org)}/keys", new { role = "observer" }));
        var deal = await Json(await http.PostAsJsonAsync("/api/deals", Scenarios.Deal()));
        var ids = new List<string>();
        for (var i = 0; i < commitments; i++)
            ids.Add(Id(await Json(await http.PostAsJsonAsync($"/api/deals/{Id(deal)}/commitments", Scenarios.Commitment(title: $"Item {i}")))));
        http.DefaultRequestHeaders.Authorization = null;
        return new Target(key.GetProperty("key").GetString()!, [.. ids]);
    }

    static string Id(JsonElement created) => created.GetProperty("id").GetString()!;

    static async Task<JsonElement> Json(HttpResponseMessage response)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode)
                throw new InvalidOperationException($"{response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {body}");
            return JsonDocument.Parse(body).RootElement.Clone();
        }
    }
}
