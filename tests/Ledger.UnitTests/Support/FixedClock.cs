namespace Ledger.UnitTests.Support;

/// <summary>A clock stopped at one instant, so "today" is an input of the test rather than of the machine.</summary>
sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
