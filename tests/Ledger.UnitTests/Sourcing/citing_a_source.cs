using Ledger.Sourcing;

namespace Ledger.UnitTests.Sourcing;

public class citing_a_source
{
    [Fact]
    public void a_source_is_recorded_trimmed()
    {
        var source = new SourceInput(" https://www.example.org/a ", "\tExample Monitor ", new DateOnly(2024, 1, 10), " Report ").ToSource();

        Assert.Equal(new Source("https://www.example.org/a", "Example Monitor", new DateOnly(2024, 1, 10), "Report"), source);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void a_blank_title_is_recorded_as_absent(string? title) =>
        Assert.Null(new SourceInput("https://www.example.org/a", "Example Monitor", new DateOnly(2024, 1, 10), title).ToSource().Title);
}
