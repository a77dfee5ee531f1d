using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Ledger.Api.Tests.Hosting;
using Ledger.Infrastructure.OpenApi;

namespace Ledger.Api.Tests.Infrastructure;

/// <summary>
/// The document's own rules, checked without npm (CI has only the .NET SDK): what the Redocly lint of docs/openapi.md
/// checks that matters to a client generator, and what it does not — problem+json on every refusal, a key where one
/// is needed, enums and limits, one example per operation.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed partial class the_openapi_document(LedgerApi api)
{
    [GeneratedRegex("^(GET|POST|PUT|PATCH|DELETE)_|_api_|Endpoint$")]
    private static partial Regex Placeholder();

    [Fact]
    public async Task every_operation_has_a_human_summary_a_capability_tag_and_an_operation_id()
    {
        var contract = await DeclaredContract.ReadAsync(api);
        Assert.StartsWith("3.1", (string)contract.Document["openapi"]!);
        var tags = contract.Document["tags"]!.AsArray()
            .Select(t => (Name: (string)t!["name"]!, Description: (string?)t["description"]));
        Assert.Equal(Capability.All.Select(c => c.Name).Order(), tags.Select(t => t.Name).Order());
        Assert.All(tags, t => Assert.False(string.IsNullOrWhiteSpace(t.Description), $"tag {t.Name} has no description"));

        Assert.Equal(contract.Operations.Count, contract.Operations.Select(o => o.OperationId).Distinct().Count());
        Assert.All(contract.Operations, operation =>
        {
            var summary = (string?)operation.Declaration["summary"];
            Assert.False(string.IsNullOrWhiteSpace(summary), $"{operation} has no summary");
            Assert.DoesNotMatch(Placeholder(), summary);
            Assert.NotEqual(operation.OperationId, summary);
            Assert.True(summary!.Length < 60 && char.IsUpper(summary[0]), $"{operation}: '{summary}' is not a short sentence");
            Assert.DoesNotMatch(Placeholder(), (string?)operation.Declaration["description"] ?? "");
            var tag = Assert.Single(operation.Declaration["tags"]!.AsArray());
            Assert.Contains((string)tag!, Capability.All.Select(c => c.Name));
        });
    }

    [Fact]
    public async Task every_refusal_is_declared_as_a_problem_document_that_real_refusals_fit()
    {
        var contract = await DeclaredContract.ReadAsync(api);
        foreach (var operation in contract.Operations)
        {
            var responses = operation.Declaration["responses"]!.AsObject();
            var refusals = responses.Where(r => r.Key[0] == '4').ToList();
            Assert.True(refusals.Count > 0, $"{operation} declares no 4xx");
            foreach (var (status, response) in refusals.Append(responses.Single(r => r.Key == "503")))
            {
                if (operation.Route == "/health" && status == "503") continue; // an unhealthy report, for load balancers
                var content = response!["content"]!.AsObject();
                var declared = content["application/problem+json"];
                Assert.True(content.Count == 1 && declared is not null, $"{operation} {status}: {content}");
                Assert.Equal("#/components/schemas/ProblemDetails", (string)declared!["schema"]!["$ref"]!);
            }
            string[] required = [
                "401", "503", .. operation.IsGet ? ["304"] : new[] { "400", "409", "413", "415" },
                .. operation.Route.Contains('{') ? ["404"] : Array.Empty<string>(),
                .. operation.Route == "/health" ? [] : new[] { "429" }];
            Assert.All(required, status => Assert.True(responses.ContainsKey(status), $"{operation} does not declare {status}"));
        }

        // A real 400 and a real 404 fit the declared problem schema (no `errors` or `traceId` was declared before).
        var problem = contract.Document["components"]!["schemas"]!["ProblemDetails"]!;
        foreach (var (url, status) in new[] { ("/api/gaps?pageSize=0&status=nope", 400), ($"/api/deals/{Guid.NewGuid()}", 404) })
        {
            using var response = await api.Anonymous().GetAsync(url);
            Assert.Equal(status, (int)response.StatusCode);
            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync());
            Assert.True(contract.Evaluate(problem, body).IsValid, body!.ToJsonString());
            Assert.NotNull(body!["traceId"]);
            if (status == 400) Assert.NotNull(body["errors"]!["pageSize"]);
        }
    }

    [Fact]
    public async Task a_route_that_needs_a_key_declares_the_bearer_scheme_alone_and_the_others_make_it_optional()
    {
        var contract = await DeclaredContract.ReadAsync(api);
        var scheme = contract.Document["components"]!["securitySchemes"]![OperationContract.BearerScheme]!;
        Assert.Equal(("http", "bearer"), ((string)scheme["type"]!, (string)scheme["scheme"]!));
        foreach (var operation in contract.Operations)
        {
            // What the route does with an anonymous caller, against what its declaration says.
            var path = Regex.Replace(operation.Route, "{[^}]+}", _ => $"{Guid.NewGuid()}");
            using var request = new HttpRequestMessage(new HttpMethod(operation.Method), path);
            if (!operation.IsGet) request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
            using var response = await api.Anonymous().SendAsync(request);
            var security = operation.Declaration["security"]!.AsArray().Select(s => s!.AsObject()).ToList();
            var needsKey = response.StatusCode == HttpStatusCode.Unauthorized;
            if (needsKey)
            {
                var requirement = Assert.Single(security);
                Assert.True(requirement.ContainsKey(OperationContract.BearerScheme), $"{operation}: {requirement}");
                Assert.NotNull(operation.Response(403));
            }
            else Assert.True(security.Any(s => s.Count == 0), $"{operation} answered {(int)response.StatusCode} without a key");
        }

        var submit = contract.Operation("POST", "/api/commitments/{commitmentId}/observations");
        var key = Assert.Single(submit.Parameters("header"), p => (string)p["name"]! == "Idempotency-Key");
        Assert.True((bool)key["required"]!);
        Assert.Equal(200, (int)key["schema"]!["maxLength"]!);
        var register = contract.Operation("POST", "/api/deals");
        var optional = register.Parameters("header").Single(p => (string)p["name"]! == "Idempotency-Key");
        Assert.False((bool?)optional["required"] ?? false);
    }

    [Fact]
    public async Task query_parameters_have_types_enums_and_limits_and_no_schema_is_left_blank()
    {
        var contract = await DeclaredContract.ReadAsync(api);
        foreach (var operation in contract.Operations)
            foreach (var parameter in operation.Parameters("query").Concat(operation.Parameters("path")))
            {
                var (name, schema) = ((string)parameter["name"]!, parameter["schema"]!.AsObject());
                Assert.True(schema.ContainsKey("type") || schema.ContainsKey("$ref"), $"{operation} {name}: {schema}");
                if (name is "pageSize" or "count" or "page" or "start" or "index")
                    Assert.True(schema["minimum"] is not null && schema["maximum"] is not null, $"{operation} {name}: {schema}");
                if (name is "status" or "sort" or "order" or "rating" or "verification" or "format")
                    Assert.True(schema["enum"] is not null || schema["$ref"] is not null, $"{operation} {name}: {schema}");
                // Units can be registered, so a unit is a code of a known shape, listed by GET /api/units, not an enum.
                if (name is "unit")
                    Assert.True(schema["pattern"] is not null && schema["maxLength"] is not null, $"{operation} {name}: {schema}");
            }

        // The ledger's strict JSON converters once left every string, enum and date as `{}`; an event's own body is any JSON.
        string[] anyJson = ["HistoryEntry.data", "TimelineEntry.details"];
        var blank = new List<string>();
        foreach (var (name, schema) in contract.Document["components"]!["schemas"]!.AsObject())
            foreach (var (property, value) in schema!["properties"]?.AsObject() ?? [])
                if (value is JsonObject { Count: 0 } && !anyJson.Contains($"{name}.{property}")) blank.Add($"{name}.{property}");
        Assert.Empty(blank);
        var status = contract.Document["components"]!["schemas"]!["DeliveryStatus"]!;
        Assert.Contains("in-progress", status["enum"]!.AsArray().Select(v => (string)v!));
    }

    [Fact]
    public async Task every_operation_has_an_example_and_every_request_example_fits_its_schema()
    {
        var contract = await DeclaredContract.ReadAsync(api);
        foreach (var operation in contract.Operations)
        {
            var content = operation.Declaration["requestBody"]?["content"]?.AsObject() ?? [];
            var body = content["application/json"];
            var examples = operation.Parameters("path").Concat(operation.Parameters("query")).Concat(operation.Parameters("header"))
                .Count(p => p["example"] is not null) + content.Count(c => c.Value!["example"] is not null);
            Assert.True(examples > 0, $"{operation} has no example");
            if (body is null) continue;
            Assert.True(body["example"] is not null, $"{operation} takes JSON without an example body");
            var fit = contract.Evaluate(body["schema"]!, body["example"]);
            Assert.True(fit.IsValid, $"{operation}'s example does not fit its schema");
        }
    }

    [Fact]
    public async Task the_document_is_sent_compressed()
    {
        using var client = api.CreateClient();
        client.DefaultRequestHeaders.AcceptEncoding.Add(new StringWithQualityHeaderValue("br"));
        using var response = await client.GetAsync("/openapi/v1.json");
        Assert.Equal("br", Assert.Single(response.Content.Headers.ContentEncoding));
        var compressed = (await response.Content.ReadAsByteArrayAsync()).Length;
        using var plain = await api.Anonymous().GetAsync("/openapi/v1.json");
        var full = (await plain.Content.ReadAsByteArrayAsync()).Length;
        Assert.True(compressed * 5 < full, $"{compressed} bytes compressed, {full} plain");
    }

    [Fact]
    public async Task the_reference_page_asks_nothing_of_other_origins()
    {
        using var response = await api.Anonymous().GetAsync("/scalar/");
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotMatch("(src|href)=\"(https?:)?//", html);
        foreach (var off in new[] { "\"withDefaultFonts\":false", "\"telemetry\":false", "\"agent\":{\"disabled\":true}",
                     "\"mcp\":{\"disabled\":true}", "\"hideClientButton\":true" })
            Assert.Contains(off, html);
        var policy = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("default-src 'self'", policy);
        Assert.Contains("connect-src 'self'", policy);
        Assert.DoesNotMatch("https?:|\\*", policy);
    }
}
