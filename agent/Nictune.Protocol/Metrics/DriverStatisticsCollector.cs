using System.Globalization;
using Nictune.Core.Statistics;

namespace Nictune.Protocol.Metrics;

/// <summary>
/// <c>driver</c>: each interface's ethtool statistics (read through <see cref="IDriverStatisticsReader"/>) mapped by
/// Core's <see cref="DriverStatisticsMap"/> into common families per device (<see cref="DriverCounterTotals"/>), and
/// per queue when <c>per-queue: true</c>. This class only formats them as series.
/// </summary>
internal sealed class DriverStatisticsCollector : IMetricsCollector
{
    private readonly IDriverStatisticsReader _source;
    private readonly bool _perQueue;
    private readonly Dictionary<string, Layout> _layouts = new(StringComparer.Ordinal);
    private readonly Dictionary<DriverCounter, KernelCounter> _device = [];
    private readonly Dictionary<DriverCounter, KernelCounter> _queue = [];
    private readonly KernelCounter _allowance;
    private readonly List<ISeriesFamily> _families = [];

    public DriverStatisticsCollector(IDriverStatisticsReader source, SeriesRegistry registry, bool perQueue)
    {
        _source = source;
        _perQueue = perQueue;
        foreach (var (counter, name, help) in Families)
        {
            _device[counter] = registry.Counter($"nictune_{name}_total", help, MetricLabels.Device);
            _families.Add(_device[counter]);
            if (perQueue)
            {
                _queue[counter] = registry.Counter($"nictune_queue_{name}_total", help + " Per queue (per-queue: true).", MetricLabels.Device, MetricLabels.Queue);
                _families.Add(_queue[counter]);
            }
        }

        _allowance = registry.Counter(
            "nictune_ena_allowance_exceeded_total",
            "ENA: packets queued or dropped because an EC2 instance allowance was exceeded (bw_in, bw_out, pps, conntrack, linklocal).",
            MetricLabels.Device, MetricLabels.Allowance);
        _families.Add(_allowance);
    }

    public string Name => "driver";

    /// <summary>The common families: the counter, its name between <c>nictune_</c> and <c>_total</c>, and its help.</summary>
    internal static IReadOnlyList<(DriverCounter Counter, string Name, string Help)> Families { get; } =
    [
        (DriverCounter.RxOutOfBuffer, "rx_out_of_buffer", "Packets the device dropped because the receive ring had no free buffer (vmxnet3 'pkts rx OOB', mlx5 rx_out_of_buffer, …): a larger rx ring helps."),
        (DriverCounter.RxBufferAllocationFailures, "rx_buffer_allocation_failures", "Receive buffers the driver failed to allocate, leaving ring slots empty."),
        (DriverCounter.TxRingFull, "tx_ring_full", "Times the transmit ring was full and the queue stopped: a larger tx ring helps."),
        (DriverCounter.RxDriverDropped, "driver_rx_dropped", "Received packets the driver dropped, as its own statistics count them."),
        (DriverCounter.TxDriverDropped, "driver_tx_dropped", "Packets to send that the driver dropped, as its own statistics count them."),
    ];

    public void Collect(ScrapeContext context)
    {
        if (!context.DevicesKnown)
        {
            return;
        }

        foreach (var facts in context.Devices)
        {
            if (!DriverStatisticsMap.Drivers.Contains(facts.Driver) || _source.ReadDriverStatistics(facts.Device) is not { } sample)
            {
                continue;
            }

            var layout = LayoutFor(facts, sample);
            Write(facts.Device, layout, sample.Values);
        }

        foreach (var gone in _layouts.Keys.Where(d => context.Devices.All(f => f.Device != d)).ToList())
        {
            _layouts.Remove(gone);
        }

        foreach (var family in _families)
        {
            family.Sweep();
        }
    }

    private Layout LayoutFor(DeviceFacts facts, DriverStatisticsSample sample)
    {
        if (!_layouts.TryGetValue(facts.Device, out var layout) || !ReferenceEquals(layout.Names, sample.Names) || layout.Driver != facts.Driver)
        {
            layout = new Layout(facts.Driver, sample.Names, DriverStatisticsMap.Map(facts.Driver, sample.Names));
            _layouts[facts.Device] = layout;
        }

        return layout;
    }

    private void Write(string device, Layout layout, IReadOnlyList<ulong> values)
    {
        foreach (var stat in layout.Statistics)
        {
            if (stat.Index >= values.Count)
            {
                continue;
            }

            if (stat.Counter == DriverCounter.AllowanceExceeded)
            {
                _allowance.Set(values[stat.Index], device, stat.Allowance ?? string.Empty);
            }
            else if (_perQueue && stat.Queue is { } queue)
            {
                _queue[stat.Counter].Set(values[stat.Index], device, queue.ToString(CultureInfo.InvariantCulture));
            }
        }

        var totals = DriverCounterTotals.Of(layout.Statistics, values);
        foreach (var (counter, family) in _device)
        {
            if (totals.TryGetValue(counter, out var total))
            {
                family.Set(total, device);
            }
        }
    }

    private sealed record Layout(string Driver, IReadOnlyList<string> Names, IReadOnlyList<MappedStatistic> Statistics);
}
