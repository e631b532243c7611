namespace Nictune.Core.Statistics;

/// <summary>
/// A driver's ethtool statistics: the names (the same list instance for as long as the driver's string table is
/// unchanged, so the mapping is computed once) and this scrape's values, index for index.
/// </summary>
public sealed record DriverStatisticsSample(IReadOnlyList<string> Names, IReadOnlyList<ulong> Values);
