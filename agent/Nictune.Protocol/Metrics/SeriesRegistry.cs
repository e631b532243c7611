using Prometheus;

namespace Nictune.Protocol.Metrics;

/// <summary>
/// Creates the families whose series follow the kernel's state, and keeps them all so that an interface deleted and
/// re-created under the same name loses every old series at once (its counters start again from the new values).
/// </summary>
internal sealed class SeriesRegistry(IMetricFactory factory)
{
    private readonly List<ISeriesFamily> _families = [];
    private readonly List<PushedDeviceCounter> _pushed = [];

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
        _pushed.Add(family);
        return family;
    }

    /// <summary>
    /// Drops the daemon's counters of every device the link dump no longer shows (the collectors' own families sweep
    /// theirs), whether or not a scrape ever saw it: a NIC hot-plugged, reset by a ring change and unplugged between
    /// two scrapes.
    /// </summary>
    public void KeepDevices(IReadOnlySet<string> present)
    {
        foreach (var family in _pushed)
        {
            family.KeepDevices(present);
        }
    }

    public void ForgetDevice(string device)
    {
        foreach (var family in _families)
        {
            family.ForgetDevice(device);
        }
    }
}
