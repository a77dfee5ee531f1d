namespace Ledger.Infrastructure;

public static class Days
{
    /// <summary>Today's date in UTC, the day the ledger judges "not in the future" and "overdue" by.</summary>
    public static DateOnly Today(this TimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
}
