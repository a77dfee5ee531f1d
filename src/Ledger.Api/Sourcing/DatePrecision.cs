namespace Ledger.Sourcing;

/// <summary>How precisely a source dates its statement: one that says "March 2009" dates it to the month (as 2009-03-01).</summary>
public enum DatePrecision { Day, Month, Year }
