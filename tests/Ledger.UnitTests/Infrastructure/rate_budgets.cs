using System.Net;
using System.Security.Claims;
using Ledger.Infrastructure.Http;
using Microsoft.AspNetCore.Http;

namespace Ledger.UnitTests.Infrastructure;

public class rate_budgets
{
    static HttpRequest Request(string method, string pathAndQuery, string? accept = null)
    {
        var http = new DefaultHttpContext();
        var parts = pathAndQuery.Split('?', 2);
        http.Request.Method = method;
        http.Request.Path = parts[0];
        if (parts.Length == 2) http.Request.QueryString = new QueryString("?" + parts[1]);
        if (accept is not null) http.Request.Headers.Accept = accept;
        return http.Request;
    }

    [Theory]
    [InlineData("GET", "/api/deals/1", RateBudget.Reads)]
    [InlineData("GET", "/api/gaps?party=Sicomines", RateBudget.Reads)]
    [InlineData("GET", "/gaps?status=overdue", RateBudget.Reads)]
    [InlineData("GET", "/api/gaps", RateBudget.Expensive)]
    [InlineData("GET", "/api/gaps?sort=gap&party=", RateBudget.Expensive)]
    [InlineData("GET", "/gaps", RateBudget.Expensive)]
    [InlineData("GET", "/api/commitments/1?asOf=2020-01-01", RateBudget.Expensive)]
    [InlineData("GET", "/deals/1?knownAt=2024-01-01T00:00:00Z", RateBudget.Expensive)]
    [InlineData("GET", "/api/gaps?dealId=1&format=csv", RateBudget.Expensive)]
    [InlineData("GET", "/api/ocds/releases?page=2", RateBudget.Expensive)]
    [InlineData("GET", "/api/deals/1/ocds/releases.csv.zip", RateBudget.Expensive)]
    [InlineData("GET", "/api/deals/1/ocds/record", RateBudget.Reads)]
    [InlineData("POST", "/api/deals", RateBudget.Writes)]
    [InlineData("POST", "/commitments/1/observations", RateBudget.Writes)]
    [InlineData("POST", "/sign-in", RateBudget.SignIn)]
    public void a_request_spends_the_budget_of_what_it_costs(string method, string url, RateBudget expected) =>
        Assert.Equal(expected, RateLimits.BudgetOf(Request(method, url)));

    [Fact]
    public void asking_for_csv_by_accept_header_is_an_export() =>
        Assert.Equal(RateBudget.Expensive, RateLimits.BudgetOf(Request("GET", "/api/gaps?dealId=1", "text/csv")));

    [Fact]
    public void a_signed_in_caller_spends_its_keys_budget_and_an_anonymous_one_its_addresses()
    {
        var key = new ClaimsIdentity([new Claim(ClaimTypes.Name, "key-7")], "test");
        var signedIn = new DefaultHttpContext { User = new ClaimsPrincipal(key) };
        var anonymous = new DefaultHttpContext();
        anonymous.Connection.RemoteIpAddress = IPAddress.Parse("192.0.2.10");

        Assert.Equal("key:key-7", RateLimits.CallerOf(signedIn));
        Assert.Equal("address:192.0.2.10", RateLimits.CallerOf(anonymous));
    }
}
