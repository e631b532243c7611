using Nictune.Core.Statistics;
using Nictune.Core.Tuning;
using Nictune.Linux.Ethtool;

namespace Nictune.Linux.Statistics;

/// <summary>
/// The one reader of drivers' ethtool statistics (<c>ethtool -S</c>) on the live system, behind the port the metrics
/// and adaptive rings share (<see cref="IDriverStatisticsReader"/>). It keeps each interface's names (ETH_SS_STATS)
/// and reads only the values (one GSTATS ioctl) per call, re-reading the names when the driver's count changes
/// (queues added or removed) or after <see cref="Forget"/>. Not thread-safe: one owner reads at a time.
/// </summary>
public sealed class EthtoolStatisticsReader(Func<EthtoolClient> ethtool) : IDriverStatisticsReader
{
    private readonly Dictionary<string, IReadOnlyList<string>> _names = new(StringComparer.Ordinal);

    public DriverStatisticsSample? ReadDriverStatistics(string device)
    {
        try
        {
            var client = ethtool();
            if (!_names.TryGetValue(device, out var names))
            {
                names = client.GetStatisticNames(device);
                _names[device] = names;
            }

            var values = client.GetStatisticValues(device, names.Count);
            if (values is null)
            {
                // Queues were added or removed: the string table changed with them.
                names = client.GetStatisticNames(device);
                _names[device] = names;
                values = client.GetStatisticValues(device, names.Count);
            }

            return values is null ? null : new DriverStatisticsSample(names, values);
        }
        catch (EthtoolException e) when (e.IsUnsupported || e.Errno == Errnos.ENODEV)
        {
            return null;
        }
    }

    /// <summary>Drops the kept names (the set of interfaces changed: a name may now be another device).</summary>
    public void Forget() => _names.Clear();
}
