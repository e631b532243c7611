using Prometheus;

namespace Nictune.Protocol.Metrics;

/// <summary>A gauge family whose series follow what exists now (see <see cref="SeriesFamily{TChild}"/>).</summary>
internal sealed class GaugeFamily(Gauge gauge, int deviceLabel) : ISeriesFamily
{
    private readonly SeriesFamily<Gauge.Child> _series = new(gauge, deviceLabel);

    public void Set(double value, params string[] labels) => _series.Get(labels, out _).Set(value);

    public void Sweep() => _series.Sweep();

    public void ForgetDevice(string device) => _series.ForgetDevice(device);
}
