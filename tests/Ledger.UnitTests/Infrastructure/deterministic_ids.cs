using Ledger.Infrastructure;
using Ledger.Infrastructure.Http;

namespace Ledger.UnitTests.Infrastructure;

public class deterministic_ids
{
    [Fact]
    public void the_same_name_always_gives_the_same_id() =>
        Assert.Equal(DeterministicIds.From("observation:key-1:retry-42"), DeterministicIds.From("observation:key-1:retry-42"));

    [Fact]
    public void different_names_give_different_ids()
    {
        var ids = new[] { "observation:key-1:a", "observation:key-1:b", "observation:key-2:a", "", "Observation:key-1:a" }
            .Select(DeterministicIds.From).ToList();

        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Theory]
    [InlineData("observation:key-1:retry-42")]
    [InlineData("")]
    [InlineData("ünïcødé")]
    public void the_id_is_an_rfc_9562_version_8_uuid(string name)
    {
        var id = DeterministicIds.From(name);
        var text = id.ToString("D");

        Assert.Equal('8', text[14]);
        Assert.Contains(text[19], "89ab");
        Assert.Equal(8, id.Version);
    }

    [Fact]
    public void the_id_is_the_start_of_the_names_sha256_with_version_and_variant_set()
    {
        // SHA-256("test") = 9f86d081 884c 7d65 9a2f eaa0c55ad015...: nibble 13 becomes 8, the variant bits become 10.
        Assert.Equal(Guid.Parse("9f86d081-884c-8d65-9a2f-eaa0c55ad015"), DeterministicIds.From("test"));
    }
}
