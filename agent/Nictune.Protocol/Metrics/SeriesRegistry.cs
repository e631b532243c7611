using Prometheus;

namespace Nictune.Protocol.Metrics;

/// <summary>
/// Creates the families whose series follow the kernel's state, and keeps them all so that an interface deleted and
/// re-created under the same name loses every old series at once (its counters start again from the new values).
/// </summary>
internal sealed class SeriesRegistry(IMetricFactory factory)
{
    private readonly List<ISeriesFamily> _families = [];

    public IMetricFactory Factory { get; } = factory;

    public KernelCounter Counter(string name, string help, params string[] labels)
    {
        var family = new KernelCounter(
            Factory.CreateCounter(name, help, new CounterConfiguration { LabelNames = labels, SuppressInitialValue = true }),
            Array.IndexOf(labels, MetricLabels.Device));
        _families.Add(family);
        return family;
    }

    public GaugeFamily Gauge(string name, string help, params string[] labels)
    {
        var family = new GaugeFamily(
            Factory.CreateGauge(name, help, new GaugeConfiguration { LabelNames = labels, SuppressInitialValue = true }),
            Array.IndexOf(labels, MetricLabels.Device));
        _families.Add(family);
        return family;
    }

    /// <summary>A counter the daemon's events write, per device: kept between scrapes, forgotten with its device.</summary>
    public PushedDeviceCounter PushedCounter(string name, string help, params string[] labels)
    {
        var family = new PushedDeviceCounter(Factory.CreateCounter(name, help, labels), Array.IndexOf(labels, MetricLabels.Device));
        _families.Add(family);
        return family;
    }

    public void ForgetDevice(string device)
    {
        foreach (var family in _families)
        {
            family.ForgetDevice(device);
        }
    }
}
