using System.Net;
using System.Text;
using Ledger.Api.Tests.Hosting;

namespace Ledger.Api.Tests.Infrastructure;

[Collection(PlatformCollection.Name)]
public sealed class bad_input(LedgerApi api)
{
    static StringContent Raw(string json) => new(json, Encoding.UTF8, "application/json");

    [Theory]
    [InlineData("{\"title\": ", "$")]
    [InlineData("", "$")]
    [InlineData("{\"title\": \"x\", \"signedOn\": \"22 April 2008\"}", "signedOn")]
    [InlineData("{\"title\": \"x\", \"parties\": [{\"name\": \"A\", \"kind\": \"empire\"}]}", "parties[0].kind")]
    [InlineData("{\"title\": \"x\", \"signedDate\": \"2008-04-22\"}", "signedDate")]
    public async Task malformed_or_mistyped_json_is_400_naming_the_field_and_records_nothing(string body, string field)
    {
        var before = await api.CountEventsAsync();
        var problem = await api.Admin().PostAsync("/api/deals", Raw(body)).ExpectProblem(HttpStatusCode.BadRequest);
        if (field != "$") Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"no error on {field}: {problem}");
        Assert.DoesNotContain("Ledger.", problem.GetProperty("detail").GetString()); // no internal type names
        Assert.Equal(before, await api.CountEventsAsync());
    }

    [Fact]
    public async Task a_body_over_one_mebibyte_is_413_and_records_nothing()
    {
        var before = await api.CountEventsAsync();
        var huge = "{\"title\": \"" + new string('x', 1024 * 1024 + 10) + "\"}";
        await api.Admin().PostAsync("/api/deals", Raw(huge)).ExpectProblem(HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(before, await api.CountEventsAsync());
    }

    [Fact]
    public async Task a_chunked_body_over_one_mebibyte_is_413_too()
    {
        var huge = "{\"title\": \"" + new string('x', 1024 * 1024 + 10) + "\"}";
        var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(huge)));
        content.Headers.ContentType = new("application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/deals") { Content = content };
        request.Headers.TransferEncodingChunked = true;
        await api.Admin().SendAsync(request).ExpectProblem(HttpStatusCode.RequestEntityTooLarge);
    }
}
