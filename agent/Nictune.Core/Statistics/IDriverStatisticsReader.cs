namespace Nictune.Core.Statistics;

/// <summary>
/// The port through which the metrics and adaptive rings read a driver's ethtool statistics (<c>ethtool -S</c>). The
/// live reader is <c>Nictune.Linux.Statistics.EthtoolStatisticsReader</c>; <see cref="DriverStatisticsMap"/> says
/// what the names mean.
/// </summary>
public interface IDriverStatisticsReader
{
    /// <summary>The driver's ethtool statistics, or null when it has none or the interface is gone.</summary>
    DriverStatisticsSample? ReadDriverStatistics(string device);
}
