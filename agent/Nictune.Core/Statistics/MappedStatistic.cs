namespace Nictune.Core.Statistics;

/// <summary>One driver statistic that maps to a common family.</summary>
/// <param name="Index">Its position in the driver's statistics (names and values are parallel arrays).</param>
/// <param name="Queue">The queue it counts for, or null for a device-wide statistic.</param>
/// <param name="Allowance">For <see cref="DriverCounter.AllowanceExceeded"/>: which allowance (bw_in, pps, …).</param>
public readonly record struct MappedStatistic(int Index, DriverCounter Counter, int? Queue, string? Allowance = null);
