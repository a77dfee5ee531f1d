using System.Net;
using Ledger.Api.Tests.Hosting;

namespace Ledger.Api.Tests.Infrastructure;

/// <summary>A route loading a document by the id in its path names what it did not find, and which id.</summary>
[Collection(PlatformCollection.Name)]
public sealed class unknown_ids(LedgerApi api)
{
    [Theory]
    [InlineData("/api/deals/{0}", "Deal")]
    [InlineData("/api/commitments/{0}/history", "Commitment")]
    [InlineData("/api/commitments/{0}/observations", "Commitment")]
    [InlineData("/api/observations/{0}", "Observation")]
    [InlineData("/api/organizations/{0}", "Organization")]
    public async Task are_a_404_naming_what_and_which(string route, string what)
    {
        var id = Guid.NewGuid().ToString();
        var problem = await api.Admin().GetAsync(string.Format(route, id)).ExpectProblem(HttpStatusCode.NotFound);

        Assert.Equal($"{what} not found", problem.GetProperty("title").GetString());
        Assert.Equal($"No {what.ToLowerInvariant()} has the id '{id}'.", problem.GetProperty("detail").GetString());
    }
}
