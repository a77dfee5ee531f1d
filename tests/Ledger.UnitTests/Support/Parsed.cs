using Ledger.Infrastructure.Validation;
using Ledger.Organizations;
using Ledger.Organizations.Keys;

namespace Ledger.UnitTests.Support;

/// <summary>Requests read as their handlers read them before deciding.</summary>
public static class Parsed
{
    /// <summary>Who the commands in these tests are sent by.</summary>
    public static readonly Caller Curator =
        new(Guid.Parse("0197a000-0000-7000-8000-0000000000cc"), "Ledger curators", "key-curator", Role.Curator);

    /// <summary>What the request reads into, which the test expects it to be valid for.</summary>
    public static T Valid<T>((T? Parsed, FieldErrors Errors) read) where T : class
    {
        Assert.True(read.Parsed is not null, $"the request was refused: {read.Errors.ToProblem().Detail}");
        return read.Parsed;
    }
}
