namespace Nictune.Core.Statistics;

/// <summary>A device's value of each common family, from its mapped statistics (docs/metrics.md, "Driver counters").</summary>
public static class DriverCounterTotals
{
    /// <summary>
    /// Each family's device value: the driver's device-wide statistic when it has one (its own total wins), else the
    /// sum of its queues. Families the driver has no statistic for are absent; mapped indexes past
    /// <paramref name="values"/> are skipped.
    /// </summary>
    public static Dictionary<DriverCounter, ulong> Of(IReadOnlyList<MappedStatistic> mapped, IReadOnlyList<ulong> values)
    {
        ArgumentNullException.ThrowIfNull(mapped);
        ArgumentNullException.ThrowIfNull(values);
        var deviceWide = new Dictionary<DriverCounter, ulong>();
        var queueSums = new Dictionary<DriverCounter, ulong>();
        foreach (var stat in mapped)
        {
            if (stat.Index >= values.Count)
            {
                continue;
            }

            var sums = stat.Queue is null ? deviceWide : queueSums;
            sums[stat.Counter] = sums.GetValueOrDefault(stat.Counter) + values[stat.Index];
        }

        foreach (var (counter, sum) in queueSums)
        {
            deviceWide.TryAdd(counter, sum);
        }

        return deviceWide;
    }
}
