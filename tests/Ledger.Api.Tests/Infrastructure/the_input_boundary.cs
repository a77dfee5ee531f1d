using System.Net;
using System.Text;
using Ledger.Api.Tests.Hosting;
using Ledger.Commitments;
using Ledger.Measuring;
using Ledger.Sourcing;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Ledger.Api.Tests.Infrastructure;

/// <summary>
/// What a hostile client once turned into a 500 or into a silently different record: each is now a 4xx problem naming
/// what is wrong, and records nothing.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class the_input_boundary(LedgerApi api)
{
    static StringContent Raw(string json) => new(json, Encoding.UTF8, "application/json");

    static string DealJson(string title = "A deal", string signedOn = "2008-04-22", string extra = "") => $$"""
        {"title": "{{title}}", "parties": [{"name": "A State", "kind": "state", "country": "CD"},
          {"name": "A Company", "kind": "company", "country": "CN"}], "summary": "Roads for minerals.",
         "signedOn": "{{signedOn}}", {{extra}}
         "sources": [{"url": "https://example.org/a", "publisher": "Gazette", "publishedOn": "2008-04-23"}]}
        """;

    async Task RefusedAsync(Task<HttpResponseMessage> request, HttpStatusCode status, params string[] fields)
    {
        var before = await WrittenAsync();
        await request.ExpectProblem(status, fields);
        Assert.Equal(before, await WrittenAsync());
    }

    [Theory]
    [InlineData("A\\u0000deal", "title")]
    [InlineData("A\\ud800deal", "title")]
    [InlineData("A\\udc00deal", "title")]
    [InlineData("\\u0007bell", "title")]
    public async Task text_postgres_cannot_store_is_400_naming_the_field(string title, string field) =>
        await RefusedAsync(api.Admin().PostAsync("/api/deals", Raw(DealJson(title))), HttpStatusCode.BadRequest, field);

    [Fact]
    public async Task nul_in_a_nested_field_is_400_naming_its_path() =>
        await RefusedAsync(api.Admin().PostAsync("/api/deals",
            Raw(DealJson().Replace("\"A Company\"", "\"A\\u0000Company\""))), HttpStatusCode.BadRequest, "parties[1].name");

    [Fact]
    public async Task nul_in_an_observation_narrative_is_400_naming_it()
    {
        var (_, commitmentId) = await api.DealWithCommitment();
        var observer = await api.ClientWithRole("observer");
        var body = Raw("""
            {"observedOn": "2024-03-01", "finding": {"assessment": "delivered"}, "narrative": "Seen\u0000", "language": "fr"}
            """);
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/commitments/{commitmentId}/observations") { Content = body };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        await RefusedAsync(observer.SendAsync(request), HttpStatusCode.BadRequest, "narrative");
    }

    [Theory]
    [InlineData("/api/gaps?party=a%00b", "party")]
    [InlineData("/api/gaps?category=%07", "category")]
    [InlineData("/api/parties/a%01b/record", "name")]
    [InlineData("/api/observations?status=pending%00", "status")]
    public async Task nul_or_a_broken_character_in_a_query_is_400_naming_it(string url, string field) =>
        await api.Admin().GetAsync(url).ExpectProblem(HttpStatusCode.BadRequest, field);

    [Theory]
    [InlineData("/api/deals/{0}")]
    [InlineData("/api/deals/{0}/scorecard")]
    [InlineData("/api/deals/{0}/timeline")]
    [InlineData("/api/commitments/{0}")]
    [InlineData("/api/commitments/{0}/history")]
    [InlineData("/api/commitments/{0}/observations")]
    [InlineData("/api/observations/{0}")]
    [InlineData("/api/organizations/{0}")]
    [InlineData("/deals/{0}")]
    [InlineData("/commitments/{0}")]
    public async Task the_all_zero_id_is_404_like_an_unknown_one(string route) =>
        await api.Admin().GetAsync(string.Format(route, Guid.Empty)).ExpectProblem(HttpStatusCode.NotFound);

    [Theory]
    [InlineData("/api/deals/{0}/commitments")]
    [InlineData("/api/deals/{0}/amendments")]
    [InlineData("/api/commitments/{0}/claims")]
    [InlineData("/api/commitments/{0}/withdrawal")]
    [InlineData("/api/observations/{0}/moderation")]
    public async Task a_write_to_the_all_zero_id_is_404(string route) =>
        await RefusedAsync(api.Admin().PostAsync(string.Format(route, Guid.Empty), Raw("{}")), HttpStatusCode.NotFound);

    [Theory]
    [InlineData("/api/observations?page=2147483647", "page")]
    [InlineData("/api/observations?pageSize=2147483648", "pageSize")]
    [InlineData("/api/ledger/checkpoints?page=2147483647", "page")]
    [InlineData("/api/ledger/checkpoints?page=0", "page")]
    [InlineData("/api/ledger/proofs/inclusion?index=", "index")]
    [InlineData("/api/ledger/proofs/inclusion?index=%20", "index")]
    [InlineData("/api/ledger/proofs/consistency?from=9007199254740993", "from")]
    [InlineData("/api/ledger/entries?start=9223372036854775807", "start")]
    [InlineData("/api/ledger/entries?count=1001", "count")]
    [InlineData("/api/gaps?page=2147483647", "page")]
    [InlineData("/api/ledger/entries/%20", "index")]
    public async Task paging_beyond_its_bounds_is_400_naming_the_parameter(string url, string field) =>
        await api.Admin().GetAsync(url).ExpectProblem(HttpStatusCode.BadRequest, field);

    [Fact]
    public async Task a_page_of_checkpoints_past_the_last_is_empty_with_the_total()
    {
        var page = await api.Anonymous().GetAsync("/api/ledger/checkpoints?page=100000").Expect(HttpStatusCode.OK);
        Assert.Equal(0, page.GetProperty("items").GetArrayLength());
        Assert.Equal(100000, page.GetProperty("page").GetInt32());
    }

    [Fact]
    public async Task a_target_beyond_what_figures_can_sum_is_400()
    {
        var dealId = await api.RegisterDeal();
        await RefusedAsync(api.Admin().Post($"/api/deals/{dealId}/commitments",
            Scenarios.Commitment(amount: 79228162514264337593543950335m)), HttpStatusCode.BadRequest, "target.amount");
    }

    [Fact]
    public async Task targets_already_stored_that_overflow_a_sum_break_no_page()
    {
        var dealId = await api.RegisterDeal();
        var promisor = $"Overflowing {Guid.NewGuid():N}";
        await using (var session = api.Services.GetRequiredService<IDocumentStore>().LightweightSession())
        {
            foreach (var amount in new[] { decimal.MaxValue, 1m })
            {
                var id = Guid.NewGuid();
                session.Events.StartStream<Commitment>(id, new CommitmentMade(id, Guid.Parse(dealId), promisor, null,
                    "Huge", "rail", new Target(amount, "km"), null, true, new DateOnly(2020, 1, 1),
                    [new Source("https://example.org/s", "Gazette", new DateOnly(2020, 1, 2), null)]));
            }
            await session.SaveChangesAsync();
        }

        var scorecard = await api.Anonymous().GetAsync($"/api/deals/{dealId}/scorecard").Expect(HttpStatusCode.OK);
        var km = scorecard.GetProperty("byUnit").EnumerateArray().Single(u => u.GetProperty("unit").GetString() == "km");
        Assert.Equal(decimal.MaxValue, km.GetProperty("promised").GetDecimal());
        Assert.True(km.GetProperty("capped").GetBoolean());
        await api.Anonymous().GetAsync($"/api/deals/{dealId}").Expect(HttpStatusCode.OK);
        await api.WaitForProjectionsAsync(); // a party's record reads the gaps read model
        await api.Anonymous().GetAsync($"/api/parties/{Uri.EscapeDataString(promisor)}/record").Expect(HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.OK, (await api.Anonymous().GetAsync($"/deals/{dealId}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.Anonymous().GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task a_write_without_a_json_content_type_is_415()
    {
        var content = new StringContent(DealJson(), Encoding.UTF8);
        content.Headers.ContentType = null;
        await RefusedAsync(api.Admin().PostAsync("/api/deals", content), HttpStatusCode.UnsupportedMediaType);
        await RefusedAsync(api.Admin().PostAsync("/api/deals", new StringContent(DealJson(), Encoding.UTF8, "text/plain")),
            HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task a_number_sent_as_a_string_is_400_naming_it()
    {
        var (_, commitmentId) = await api.DealWithCommitment();
        await RefusedAsync(api.Admin().PostAsync($"/api/commitments/{commitmentId}/claims", Raw("""
            {"claimedBy": "A Company", "amount": "20250101", "asOf": "2024-01-01",
             "sources": [{"url": "https://example.org/a", "publisher": "Gazette", "publishedOn": "2024-01-02"}]}
            """)), HttpStatusCode.BadRequest, "amount");
    }

    [Fact]
    public async Task a_key_sent_twice_is_400_naming_it()
    {
        var (_, commitmentId) = await api.DealWithCommitment();
        var observationId = await api.SubmitObservation(await api.ClientWithRole("observer"), commitmentId);
        await RefusedAsync(api.Admin().PostAsync($"/api/observations/{observationId}/moderation",
            Raw("""{"decision": "rejected", "reason": "No photo.", "decision": "accepted"}""")),
            HttpStatusCode.BadRequest, "decision");
    }

    [Fact]
    public async Task json_nested_too_deep_is_400()
    {
        var deep = new string('[', 200) + new string(']', 200);
        await RefusedAsync(api.Admin().PostAsync("/api/deals", Raw(DealJson(extra: $"\"deep\": {deep},"))),
            HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData(30_000, 'k')]
    [InlineData(10, '\u0001')]
    [InlineData(10, ' ')]
    public async Task an_idempotency_key_too_long_or_with_control_characters_is_400_naming_the_header(int length, char c)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/deals") { Content = Raw(DealJson()) };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", "key" + new string(c, length) + "end");
        await RefusedAsync(api.Admin().SendAsync(request), HttpStatusCode.BadRequest, "Idempotency-Key");
    }

    [Theory]
    [InlineData("0001-01-01")]
    [InlineData("1899-12-31")]
    [InlineData("2201-01-01")]
    [InlineData("9999-12-31")]
    public async Task a_date_outside_the_ledgers_range_is_400_naming_the_field(string date) =>
        await RefusedAsync(api.Admin().PostAsync("/api/deals", Raw(DealJson(signedOn: date))),
            HttpStatusCode.BadRequest, "signedOn");

    [Fact]
    public async Task headers_too_large_are_431()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/deals");
        request.Headers.TryAddWithoutValidation("X-Padding", new string('p', 40_000));
        await api.Anonymous().SendAsync(request).ExpectProblem(HttpStatusCode.RequestHeaderFieldsTooLarge);
    }

    [Fact]
    public async Task commitments_made_on_the_same_day_are_listed_in_one_order_rebuilt_or_not()
    {
        var dealId = await api.RegisterDeal();
        var made = new List<string>();
        foreach (var key in new[] { "tie-a", "tie-b", "tie-c", "tie-d", "tie-e", "tie-f" })
            made.Add((await api.Admin().Post($"/api/deals/{dealId}/commitments", Scenarios.Commitment(title: key), key)
                .Expect(HttpStatusCode.Created)).GetProperty("id").GetString()!);
        var byId = made.Order(StringComparer.Ordinal).ToList();
        Assert.NotEqual(made, byId); // ids derived from the keys: the order they were made in is not the ids' order

        async Task<List<string>> Listed() => [.. (await api.Anonymous().GetAsync($"/api/deals/{dealId}")
            .Expect(HttpStatusCode.OK)).GetProperty("commitments").EnumerateArray().Select(c => c.GetProperty("id").GetString()!)];
        Assert.Equal(byId, await Listed());
        await api.RebuildProjectionAsync("Commitment");
        Assert.Equal(byId, await Listed());
    }

    /// <summary>Events written by requests: the ledger's own deadline checks may append meanwhile.</summary>
    Task<long> WrittenAsync() => api.ScalarAsync<long>("SELECT count(*) FROM mt_events WHERE type <> 'deadline_passed'");
}
