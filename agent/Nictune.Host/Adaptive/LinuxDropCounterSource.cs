using Nictune.Core.Adaptive;
using Nictune.Core.Statistics;
using Nictune.Protocol.Metrics;

namespace Nictune.Host.Adaptive;

/// <summary>
/// The live counters for adaptive rings, read through the same reads as the metrics (<see cref="INicStatisticsSource"/>):
/// rx_packets, rx_missed_errors and rx_fifo_errors from one rtnetlink dump, and the driver's out-of-buffer counter
/// from its ethtool statistics (the Core port <see cref="IDriverStatisticsReader"/>, served by the Linux-side reader)
/// as Core's <see cref="DriverStatisticsMap"/> maps them (docs/metrics.md, "Driver counters").
/// It owns a reader of its own (the scrape's reader is used by one collection at a time, on the scrape's thread),
/// opened at the first read: an agent with adaptive off opens no sockets for it.
/// </summary>
internal sealed class LinuxDropCounterSource(Func<INicStatisticsSource> open) : IDropCounterSource, IDisposable
{
    private INicStatisticsSource? _statistics;

    private readonly Dictionary<string, (IReadOnlyList<string> Names, IReadOnlyList<MappedStatistic> Mapped)> _maps = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, DropSample> Read(IReadOnlyCollection<string> devices, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(devices);
        var samples = new Dictionary<string, DropSample>(StringComparer.Ordinal);
        if (devices.Count == 0)
        {
            return samples;
        }

        var statistics = _statistics ??= open();
        var links = statistics.ReadLinks();
        var drivers = statistics.Devices(links).GroupBy(d => d.Device, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Driver, StringComparer.Ordinal);
        foreach (var link in links)
        {
            if (!devices.Contains(link.Name) || link.Counters is not { } counters)
            {
                continue;
            }

            samples[link.Name] = new DropSample(
                now,
                (long)counters.RxPackets,
                (long)counters.RxMissedErrors,
                (long)counters.RxFifoErrors,
                OutOfBuffer(link.Name, drivers.GetValueOrDefault(link.Name)));
        }

        return samples;
    }

    public void Dispose() => (_statistics as IDisposable)?.Dispose();

    /// <summary>
    /// The device's out-of-buffer count as the metrics give it (<see cref="DriverCounterTotals"/>: the device-wide
    /// counter when the driver has one, else the sum of its queues); null when the driver has no such counter.
    /// </summary>
    private long? OutOfBuffer(string device, string? driver)
    {
        if (_statistics!.ReadDriverStatistics(device) is not { } sample)
        {
            return null;
        }

        if (!_maps.TryGetValue(device, out var map) || !ReferenceEquals(map.Names, sample.Names))
        {
            map = (sample.Names, DriverStatisticsMap.Map(driver, sample.Names));
            _maps[device] = map;
        }

        return DriverCounterTotals.Of(map.Mapped, sample.Values).TryGetValue(DriverCounter.RxOutOfBuffer, out var total) ? (long)total : null;
    }
}
