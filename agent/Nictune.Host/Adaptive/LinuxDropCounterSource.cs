using Nictune.Core.Adaptive;
using Nictune.Protocol.Metrics;

namespace Nictune.Host.Adaptive;

/// <summary>
/// The live counters for adaptive rings, read through the metrics' own reader (<see cref="INicStatisticsSource"/>):
/// rx_packets, rx_missed_errors and rx_fifo_errors from one rtnetlink dump, and the driver's out-of-buffer counter
/// from its ethtool statistics as <see cref="DriverStatisticsMap"/> maps them (docs/metrics.md, "Driver counters").
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
    /// The device's out-of-buffer count: the device-wide counter when the driver has one, else the sum of its queues
    /// (the metrics' rule); null when the driver has no such counter.
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

        var outOfBuffer = map.Mapped.Where(m => m.Counter == DriverCounter.RxOutOfBuffer && m.Index < sample.Values.Count).ToList();
        if (outOfBuffer.Count == 0)
        {
            return null;
        }

        var deviceWide = outOfBuffer.Where(m => m.Queue is null).ToList();
        return (long)(deviceWide.Count > 0 ? deviceWide : outOfBuffer).Aggregate(0UL, (sum, m) => sum + sample.Values[m.Index]);
    }
}
