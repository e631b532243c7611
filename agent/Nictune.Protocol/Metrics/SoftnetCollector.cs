using System.Globalization;

namespace Nictune.Protocol.Metrics;

/// <summary><c>softnet</c>: /proc/net/softnet_stat, per CPU: where the backlog and the NAPI budget show their limits.</summary>
internal sealed class SoftnetCollector(INicStatisticsSource source, SeriesRegistry registry) : IMetricsCollector
{
    private readonly KernelCounter _processed = registry.Counter(
        "nictune_softnet_processed_total", "Packets processed from this CPU's backlog (softnet_stat column 1).", MetricLabels.Cpu);

    private readonly KernelCounter _dropped = registry.Counter(
        "nictune_softnet_dropped_total", "Packets dropped because this CPU's backlog was full (column 2): raise net.core.netdev_max_backlog.", MetricLabels.Cpu);

    private readonly KernelCounter _squeezed = registry.Counter(
        "nictune_softnet_times_squeezed_total", "NAPI rounds that ran out of budget or time with work left (column 3): raise net.core.netdev_budget(_usecs).", MetricLabels.Cpu);

    public string Name => "softnet";

    public void Collect(ScrapeContext context)
    {
        foreach (var row in source.ReadSoftnet())
        {
            var cpu = row.Cpu.ToString(CultureInfo.InvariantCulture);
            _processed.Set(row.Processed, cpu);
            _dropped.Set(row.Dropped, cpu);
            _squeezed.Set(row.TimeSqueezed, cpu);
        }

        _processed.Sweep();
        _dropped.Sweep();
        _squeezed.Sweep();
    }
}
