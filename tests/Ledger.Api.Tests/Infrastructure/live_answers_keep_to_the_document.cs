using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Ledger.Api.Tests.Hosting;
using Xunit.Abstractions;

namespace Ledger.Api.Tests.Infrastructure;

/// <summary>
/// Every route of the OpenAPI document, called on a seeded ledger: each answer's status and media type must be declared
/// for the route, and its JSON must validate against the declared schema — successes, refusals and the example writes.
/// </summary>
[Collection(ContractCollection.Name)]
public sealed class live_answers_keep_to_the_document(SeededLedgerApi api, ITestOutputHelper output)
{
    [Fact]
    public async Task every_get_route_answers_each_kind_of_caller_as_declared_and_unknown_ids_with_a_declared_404()
    {
        var contract = await DeclaredContract.ReadAsync(api);
        var routes = await FilledRoutes.PrepareAsync(api);
        var callers = new[] { api.Anonymous(), api.WithKey(routes.ObserverKey), api.Admin() };
        var (failures, checkedAnswers, ok) = (new List<string>(), 0, 0);
        foreach (var operation in contract.Operations.Where(o => o.IsGet))
        {
            foreach (var caller in callers)
            {
                using var response = await caller.GetAsync(routes.Fill(operation.Route));
                if (await contract.BreachAsync(operation, response) is { } breach) failures.Add(breach);
                if (response.StatusCode == HttpStatusCode.OK) ok++;
                checkedAnswers++;
            }
            if (!operation.Route.Contains('{')) continue;
            using var unknown = await api.Admin().GetAsync(FilledRoutes.Unknown(operation.Route));
            if (unknown.StatusCode != HttpStatusCode.NotFound)
                failures.Add($"{operation}: unknown id answered {(int)unknown.StatusCode}");
            if (await contract.BreachAsync(operation, unknown) is { } breach404) failures.Add(breach404);
            checkedAnswers++;
        }
        output.WriteLine($"{checkedAnswers} answers validated, {ok} of them 200");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        // Real bodies, not only refusals.
        Assert.True(ok >= contract.Operations.Count(o => o.IsGet) * 2, $"only {ok} answers were 200");
    }

    [Fact]
    public async Task bad_values_limits_and_refused_callers_get_the_declared_problems()
    {
        var contract = await DeclaredContract.ReadAsync(api);
        var routes = await FilledRoutes.PrepareAsync(api);
        var failures = new List<string>();
        var admin = api.Admin();
        foreach (var operation in contract.Operations.Where(o => o.IsGet))
            foreach (var parameter in operation.Parameters("query"))
            {
                var (name, schema) = ((string)parameter["name"]!, parameter["schema"]!);
                var path = routes.Fill(operation.Route);
                if (schema["enum"] is JsonArray values)
                {
                    await Expect(operation, $"{path}?{name}=not-a-value", 400, name);
                    foreach (var value in values) await Expect(operation, $"{path}?{name}={value}", 200, null);
                }
                // The paging limits (a proof's numbers are bounded by the log itself, not only by their maximum).
                if (schema["maximum"] is { } max && name is "pageSize" or "count" or "start")
                {
                    await Expect(operation, $"{path}?{name}={(long)max + 1}", 400, name);
                    await Expect(operation, $"{path}?{name}={(long)max}", null, name);
                }
            }

        var observer = api.WithKey(routes.ObserverKey);
        var curatorOnly = contract.Operation("POST", "/api/deals");
        await ExpectWrite(curatorOnly, api.Anonymous(), "/api/deals", "{}", "application/json", 401);
        await ExpectWrite(curatorOnly, observer, "/api/deals", "{}", "application/json", 403);
        await ExpectWrite(curatorOnly, admin, "/api/deals", "{}", "application/json", 400);
        await ExpectWrite(curatorOnly, admin, "/api/deals", "title=x", "text/plain", 415);
        var claim = contract.Operation("POST", "/api/commitments/{commitmentId}/claims");
        await ExpectWrite(claim, admin, FilledRoutes.Unknown(claim.Route), Example(claim).ToJsonString(), "application/json", 404);
        Assert.True(failures.Count == 0, string.Join("\n", failures));

        async Task Expect(DeclaredOperation operation, string url, int? status, string? field)
        {
            using var response = await admin.GetAsync(url);
            var body = await response.Content.ReadAsStringAsync();
            if (status is { } wanted && (int)response.StatusCode != wanted)
                failures.Add($"{url}: {(int)response.StatusCode}, expected {wanted}: {body}");
            if (status is null && response.StatusCode == HttpStatusCode.BadRequest) failures.Add($"{url}: refused the maximum");
            if (status == 400 && field is not null && !body.Contains($"\"{field}\""))
                failures.Add($"{url}: no error on {field}: {body}");
            if (await contract.BreachAsync(operation, response) is { } breach) failures.Add(breach);
        }

        async Task ExpectWrite(DeclaredOperation operation, HttpClient client, string url, string body, string media, int status)
        {
            using var content = new StringContent(body, Encoding.UTF8, media);
            using var response = await client.PostAsync(url, content);
            if ((int)response.StatusCode != status)
                failures.Add($"POST {url} as {media}: {(int)response.StatusCode}, expected {status}");
            if (await contract.BreachAsync(operation, response) is { } breach) failures.Add(breach);
        }
    }

    [Fact]
    public async Task the_documented_example_writes_are_recorded_and_answered_as_declared()
    {
        var contract = await DeclaredContract.ReadAsync(api);
        var admin = api.Admin();
        var org = await Write(admin, "POST", "/api/organizations", new(), 201);
        var orgId = (string)org["id"]!;
        var curator = api.WithKey((string)(await Write(admin, "POST", "/api/organizations/{orgId}/keys",
            new() { ["{orgId}"] = orgId }, 201, new JsonObject { ["role"] = "curator" }))["key"]!);
        var observer = api.WithKey((string)(await Write(admin, "POST", "/api/organizations/{orgId}/keys",
            new() { ["{orgId}"] = orgId }, 201))["key"]!);
        var dealId = (string)(await Write(curator, "POST", "/api/deals", new(), 201))["id"]!;
        var commitmentId = (string)(await Write(curator, "POST", "/api/deals/{dealId}/commitments",
            new() { ["{dealId}"] = dealId }, 201))["id"]!;
        var onCommitment = new Dictionary<string, string> { ["{commitmentId}"] = commitmentId };
        await Write(curator, "POST", "/api/commitments/{commitmentId}/claims", onCommitment, 201);
        var observationId = (string)(await Write(observer, "POST", "/api/commitments/{commitmentId}/observations",
            onCommitment, 201))["id"]!;
        await Write(curator, "POST", "/api/observations/{observationId}/moderation",
            new() { ["{observationId}"] = observationId }, 200);
        await api.WaitForProjectionsAsync();
        var status = await api.Status(commitmentId);
        Assert.Equal((250m, 180m), (status.GetProperty("claimed").GetDecimal(), status.GetProperty("verified").GetDecimal()));

        async Task<JsonNode> Write(HttpClient client, string method, string route, Dictionary<string, string> ids, int expected,
            JsonObject? body = null)
        {
            var operation = contract.Operation(method, route);
            var url = ids.Aggregate(route, (path, id) => path.Replace(id.Key, id.Value));
            using var request = new HttpRequestMessage(HttpMethod.Post, url)
            {
                Content = new StringContent((body ?? Example(operation)).ToJsonString(), Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
            using var response = await client.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True((int)response.StatusCode == expected, $"{operation}: {(int)response.StatusCode} {text}");
            Assert.Null(await contract.BreachAsync(operation, response));
            return JsonNode.Parse(text)!;
        }
    }

    static JsonNode Example(DeclaredOperation operation) =>
        operation.Declaration["requestBody"]!["content"]!["application/json"]!["example"]!.DeepClone();
}
