using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using CsCheck;
using Ledger.Api.Tests.Hosting;
using Xunit.Abstractions;

namespace Ledger.Api.Tests.Hostile;

/// <summary>
/// Generated hostile input over every write route and every query and path parameter the OpenAPI document lists:
/// no answer is a 5xx, every 4xx is problem+json, every 400 names a field, a body no route may accept is refused,
/// and a batch of refused requests appends nothing. Seeded by CsCheck: a failure prints the seed that replays it
/// (set LEDGER_HOSTILE_SEED to it).
/// </summary>
[Collection(HostileCollection.Name)]
public sealed class hostile_input(LedgerApi api, ITestOutputHelper output)
{
    const int Batch = 25;
    static readonly string? Seed = Environment.GetEnvironmentVariable("LEDGER_HOSTILE_SEED");
    // Set to survey a ledger rather than test it: every failure is counted and the run goes on (docs/reliability.md).
    static readonly bool Survey = Environment.GetEnvironmentVariable("LEDGER_HOSTILE_SURVEY") == "1";
    readonly ConcurrentBag<string> _failures = [];

    static readonly string[] OddValues =
    [
        "", "%20", "%00", "a%00b", "%01", "%7F", "-1", "0", "1", "2147483647", "2147483648", "-2147483649",
        "9223372036854775807", "9223372036854775808", "99999999999999999999", "1e3", "1.5", "abc", "NaN",
        "00000000-0000-0000-0000-000000000000", "%ED%A0%80", "%FF", "%C0%80", "%EF%BF%BF", new string('x', 3000),
        "2024-02-30", "0001-01-01", "9999-12-31", "9999-12-31T23:59:59Z", "0001-01-01T00:00:00Z", "true", "null",
        "%5B%5D", "%E2%80%AE", "'%3B--", "%3Cscript%3E", "%2E%2E", "a%2Fb",
    ];

    readonly ConcurrentDictionary<string, int> _statuses = new();
    int _cases;

    [Fact]
    public async Task no_generated_request_gets_a_5xx_and_a_refused_one_appends_nothing()
    {
        var document = await api.Anonymous().GetAsync("/openapi/v1.json").Expect(HttpStatusCode.OK);
        var paths = document.GetProperty("paths").EnumerateObject().ToList();
        // Every write takes JSON but the evidence upload (a multipart form, tested in attaching_evidence).
        var writes = paths.Where(p => p.Value.TryGetProperty("post", out _) && p.Name != "/api/evidence").Select(p => p.Name).ToList();
        var missing = writes.Where(route => !ValidBodies.ByRoute.ContainsKey(route)).ToList();
        Assert.True(missing.Count == 0, $"no valid body in ValidBodies for {string.Join(", ", missing)}");
        var reads = paths.Where(p => p.Value.TryGetProperty("get", out _))
            .Select(p => (Route: p.Name, Parameters: ParametersOf(p.Value.GetProperty("get")))).ToList();
        Assert.True(writes.Count >= 10 && reads.Count >= 20, $"{writes.Count} writes, {reads.Count} reads");

        // Each valid body is accepted once, on a fixture of its own: the mutations start from bodies that pass.
        foreach (var route in writes)
        {
            var ids = await FixtureAsync();
            var answer = await SendAsync(new HostileRequest("POST", Url(route, ids), ValidBodies.ByRoute[route](ids),
                "application/json", Guid.NewGuid().ToString(), "none", MustRefuse: false));
            Assert.True((int)answer.Status is >= 200 and < 300, $"the valid body of {route}: {answer.Status} {answer.Text}");
        }

        var fixture = await FixtureAsync();
        var refused = Gen.Int[0, writes.Count - 1].SelectMany(i => RefusedWrite(writes[i], fixture));
        await refused.Array[Batch].SampleAsync(batch => RefusedBatchAsync(batch), seed: Seed, iter: 280, threads: 2,
            print: Describe, writeLine: output.WriteLine);

        var queried = Gen.Int[0, reads.Count - 1].SelectMany(i => Read(reads[i].Route, reads[i].Parameters, fixture));
        await queried.Array[Batch].SampleAsync(batch => LenientBatchAsync(batch), seed: Seed, iter: 140, threads: 2,
            print: Describe, writeLine: output.WriteLine);

        var lenient = Gen.Int[0, writes.Count - 1].SelectMany(i => Mutations.Lenient(ValidBodies.ByRoute[writes[i]](fixture))
            .Select(m => new HostileRequest("POST", Url(writes[i], fixture), m.Body, "application/json",
                Guid.NewGuid().ToString(), m.Mutation, MustRefuse: false)));
        await lenient.Array[Batch].SampleAsync(batch => LenientBatchAsync(batch), seed: Seed, iter: 40, threads: 2,
            print: Describe, writeLine: output.WriteLine);

        output.WriteLine($"{_cases} hostile requests; answers: " +
            string.Join(", ", _statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value}")));
        foreach (var kind in _failures.GroupBy(f => f[..f.IndexOf(':')]))
            output.WriteLine($"{kind.Count()} × {kind.Key}, e.g. {kind.First()[..Math.Min(kind.First().Length, 400)]}");
        Assert.True(_cases >= 10_000, $"only {_cases} cases ran");
    }

    static Gen<HostileRequest> RefusedWrite(string route, IReadOnlyDictionary<string, string> ids)
    {
        var valid = ValidBodies.ByRoute[route](ids);
        var url = Url(route, ids);
        return Gen.Int[0, 19].SelectMany(where => Gen.Int[0, 1 << 20].SelectMany(detail =>
            Mutations.Refused(valid).Select(m => where switch
            {
                0 => new HostileRequest("POST", url, valid, Mutations.HostileContentType(detail), Key(), "content type",
                    true),
                1 => new HostileRequest("POST", url, valid, "application/json", Mutations.HostileKey(detail),
                    "Idempotency-Key", true),
                2 when route.Contains('{') => new HostileRequest("POST", ZeroId(route, ids), valid, "application/json",
                    Key(), "the all-zero id in the path", true),
                _ => new HostileRequest("POST", url, m.Body, "application/json", Key(), m.Mutation, true),
            })));
    }

    /// <summary>What a route needs besides the parameter being mutated, so that the mutated one is what is judged.</summary>
    static readonly Dictionary<string, string> BaselineQueries = new()
    {
        ["/api/ledger/proofs/inclusion"] = "index=0",
        ["/api/ledger/proofs/consistency"] = "from=1",
    };

    static Gen<HostileRequest> Read(string route, IReadOnlyList<(string Name, string In)> parameters,
        IReadOnlyDictionary<string, string> ids) =>
        Gen.Int[0, Math.Max(parameters.Count - 1, 0)].SelectMany(p => Gen.Int[0, OddValues.Length - 1].Select(v =>
        {
            if (parameters.Count == 0) return new HostileRequest("GET", Url(route, ids) + "?x=" + OddValues[v],
                null, null, null, "an unknown parameter", false);
            var (name, location) = parameters[p];
            var baseline = BaselineQueries.GetValueOrDefault(route) is { } query && !query.StartsWith(name + "=")
                ? query + "&" : "";
            // The test server cannot carry NUL in a path (Kestrel answers such a request 400 before the app sees it).
            var segment = OddValues[v] is "" ? "%20" : OddValues[v].Replace("%00", "%01");
            var url = location == "path"
                ? Url(route.Replace($"{{{name}}}", segment), ids)
                : $"{Url(route, ids)}?{baseline}{name}={OddValues[v]}";
            return new HostileRequest("GET", url, null, null, null, $"{name}={Shorten(OddValues[v])}", false, name);
        }));

    async Task RefusedBatchAsync(HostileRequest[] batch)
    {
        var before = await WrittenAsync();
        foreach (var request in batch)
        {
            var answer = await SendAsync(request);
            Check(request, answer);
            if ((int)answer.Status < 400) Failed($"accepted: {request} → {answer.Text}");
        }
        var after = await WrittenAsync();
        if (after != before && !Survey) Failed($"appended: {after - before} events by refused requests");
    }

    void Failed(string failure)
    {
        if (!Survey) throw new Xunit.Sdk.XunitException(failure);
        _failures.Add(failure);
    }

    async Task LenientBatchAsync(HostileRequest[] batch)
    {
        foreach (var request in batch) Check(request, await SendAsync(request));
    }

    void Check(HostileRequest request, Answer answer)
    {
        Interlocked.Increment(ref _cases);
        _statuses.AddOrUpdate(((int)answer.Status).ToString(), 1, (_, n) => n + 1);
        var status = (int)answer.Status;
        string Fail(string why) => $"{why}: {request} → {status} {answer.ContentType} {answer.Text}";
        if (status >= 500) { Failed(Fail($"a {status}")); return; }
        if (status < 400) return;
        if (answer.ContentType != "application/problem+json") { Failed(Fail("not problem+json")); return; }
        using var problem = JsonDocument.Parse(answer.Text);
        if (!problem.RootElement.TryGetProperty("status", out var s) || s.GetInt32() != status)
            Failed(Fail("the problem's status differs"));
        if (status != 400) return;
        if (!problem.RootElement.TryGetProperty("errors", out var errors) || !errors.EnumerateObject().Any())
        {
            Failed(Fail("a 400 that names no field"));
            return;
        }
        // A mutated parameter may make a baseline one wrong too (an index beyond the tree of a treeSize).
        if (request.Parameter is { } parameter && !errors.TryGetProperty(parameter, out _)
            && !errors.EnumerateObject().Any(e => request.Url.Contains($"?{e.Name}=") || request.Url.Contains($"&{e.Name}=")))
            Failed(Fail($"a 400 that does not name {parameter}"));
    }

    sealed record Answer(HttpStatusCode Status, string? ContentType, string Text);

    async Task<Answer> SendAsync(HostileRequest request)
    {
        var message = new HttpRequestMessage(new HttpMethod(request.Method), request.Url);
        if (request.Body is not null)
        {
            message.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(request.Body));
            if (!string.IsNullOrEmpty(request.ContentType))
                message.Content.Headers.TryAddWithoutValidation("Content-Type", request.ContentType);
        }
        if (request.IdempotencyKey is not null) message.Headers.TryAddWithoutValidation("Idempotency-Key", request.IdempotencyKey);
        var client = request.Url.EndsWith("/observations") && request.Method == "POST" ? Observer : api.Admin();
        using var response = await client.SendAsync(message);
        return new Answer(response.StatusCode, response.Content.Headers.ContentType?.MediaType,
            await response.Content.ReadAsStringAsync());
    }

    HttpClient? _observer;
    HttpClient Observer => _observer ??= api.ClientWithRole("observer").GetAwaiter().GetResult();

    /// <summary>A deal with an amendment, a commitment with a pending observation, an organization with a key.</summary>
    async Task<IReadOnlyDictionary<string, string>> FixtureAsync()
    {
        var (dealId, commitmentId) = await api.DealWithCommitment();
        _observer ??= await api.ClientWithRole("observer");
        var observationId = await api.SubmitObservation(_observer, commitmentId);
        var amendment = await api.Admin().Post($"/api/deals/{dealId}/amendments", new
        {
            effectiveOn = "2009-01-01", summary = "Amended.", sources = new[] { Scenarios.Source() },
        }).Expect(HttpStatusCode.Created);
        var org = await api.Admin().Post("/api/organizations", new { name = $"Hostile {Guid.NewGuid():N}" })
            .Expect(HttpStatusCode.Created);
        var orgId = org.GetProperty("id").GetString()!;
        var key = await api.Admin().Post($"/api/organizations/{orgId}/keys", new { role = "observer" })
            .Expect(HttpStatusCode.Created);
        var note = (await Ledger.Api.Tests.Transparency.LogScenarios.CheckpointCoveringEverythingAsync(api))
            .GetProperty("note").GetString()!;
        var text = note[..(note.LastIndexOf("\n\n", StringComparison.Ordinal) + 1)];
        return new Dictionary<string, string>
        {
            ["cosignedNote"] = $"{text}\n{LedgerApi.Witnesses[0].Cosign(text, DateTimeOffset.UtcNow)}\n",
            ["dealId"] = dealId, ["commitmentId"] = commitmentId, ["observationId"] = observationId,
            ["orgId"] = orgId, ["keyId"] = key.GetProperty("id").GetString()!,
            ["amendmentId"] = amendment.GetProperty("id").GetString()!,
            ["name"] = "Sino-Congolaise%20des%20Mines", ["index"] = "0", ["sha256"] = new string('e', 64),
        };
    }

    static string Url(string route, IReadOnlyDictionary<string, string> ids) =>
        ids.Aggregate(route, (url, id) => url.Replace($"{{{id.Key}}}", id.Value));

    static string ZeroId(string route, IReadOnlyDictionary<string, string> ids) =>
        Url(System.Text.RegularExpressions.Regex.Replace(route, @"\{[a-zA-Z]+Id\}", Guid.Empty.ToString()), ids);

    static string Key() => Guid.NewGuid().ToString();

    static IReadOnlyList<(string Name, string In)> ParametersOf(JsonElement operation) =>
        operation.TryGetProperty("parameters", out var parameters)
            ? [.. parameters.EnumerateArray().Select(p => (p.GetProperty("name").GetString()!, p.GetProperty("in").GetString()!))
                .Where(p => p.Item2 is "query" or "path")]
            : [];

    static string Shorten(string text) => text.Length > 40 ? $"{text[..10]}…({text.Length})" : text;

    static string Describe(HostileRequest[] batch) => $"a batch of {batch.Length}, first {batch.FirstOrDefault()}";

    /// <summary>Events written by requests: the ledger's own deadline checks may append meanwhile.</summary>
    Task<long> WrittenAsync() => api.ScalarAsync<long>("SELECT count(*) FROM mt_events WHERE type <> 'deadline_passed'");
}
