namespace Ledger.Infrastructure.Validation;

/// <summary>
/// The days the ledger records: 1900-01-01 to 2200-12-31. Wider than any deal's history or horizon, narrow enough that
/// a typo (0001-01-01, 9999-12-31) is refused rather than recorded and sorted as a fact.
/// </summary>
public static class LedgerDates
{
    public static readonly DateOnly First = new(1900, 1, 1);
    public static readonly DateOnly Last = new(2200, 12, 31);

    public const string Rule = "must be a date as YYYY-MM-DD between 1900-01-01 and 2200-12-31";

    public static bool InRange(DateOnly day) => day >= First && day <= Last;
}
