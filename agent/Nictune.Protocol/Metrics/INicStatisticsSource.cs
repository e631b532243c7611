using Nictune.Core.Model;
using Nictune.Core.Statistics;

namespace Nictune.Protocol.Metrics;

/// <summary>
/// The kernel reads behind the NIC metrics, implemented by the host over the Linux adapters. One scrape calls
/// <see cref="ReadLinks"/> once (one rtnetlink dump) and passes its result to <see cref="Devices"/>, which re-reads
/// the static facts only when the set of interfaces has changed. The driver's ethtool statistics come through the
/// Core port it extends, <see cref="IDriverStatisticsReader"/>, which the host serves with the Linux-side reader.
/// </summary>
public interface INicStatisticsSource : IDriverStatisticsReader
{
    /// <summary>Every interface with its IFLA_STATS64 counters and transmit queue length.</summary>
    IReadOnlyList<LinkStatistics> ReadLinks();

    /// <summary>The static facts of the interfaces in <paramref name="links"/> (cached; refreshed when they change).</summary>
    IReadOnlyList<DeviceFacts> Devices(IReadOnlyList<LinkStatistics> links);

    /// <summary>Rings, channels and coalescing now; <see cref="DeviceSettingsSample.None"/> when the interface is gone.</summary>
    DeviceSettingsSample ReadSettings(string device);

    /// <summary>/proc/net/softnet_stat.</summary>
    IReadOnlyList<SoftnetStat> ReadSoftnet();

    /// <summary>A sysctl's value when it is a single integer; null when it is absent or not a number.</summary>
    long? ReadSysctl(string key);
}
