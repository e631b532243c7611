namespace Nictune.Core.Transactions;

/// <summary>
/// The driver adjustments still in force, as the history left them (<see cref="Planning.DriverAdjustments"/>), oldest
/// first: a document derived from the history and kept beside it so that planning need not read the history
/// (docs/state.md, "adjusted.json").
/// </summary>
public sealed record AdjustedSettings(IReadOnlyList<AdjustedSetting> Settings)
{
    /// <summary>
    /// Most entries kept; beyond it the oldest are forgotten. One entry is one setting a driver rounded (a ring size,
    /// an MTU-dependent limit): a host has a handful, so the bound only stops a churn of renamed interfaces from
    /// growing the file without end.
    /// </summary>
    public const int MaxEntries = 1024;

    public static AdjustedSettings Empty { get; } = new([]);
}
