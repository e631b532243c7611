namespace Nictune.Core.Adaptive;

/// <summary>
/// The port through which the daemon reads the receive counters adaptive decides on. The live implementation reads
/// the same kernel counters as the metrics (one rtnetlink dump, the driver's ethtool statistics read through
/// <see cref="Statistics.IDriverStatisticsReader"/> and mapped by <see cref="Statistics.DriverStatisticsMap"/>); test builds may replace it with a feed (docs/adaptive.md, "Testing").
/// </summary>
public interface IDropCounterSource
{
    /// <summary>The counters of each of <paramref name="devices"/> that exists now, stamped <paramref name="now"/>.</summary>
    IReadOnlyDictionary<string, DropSample> Read(IReadOnlyCollection<string> devices, DateTimeOffset now);
}
