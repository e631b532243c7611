using Prometheus;

namespace Nictune.Protocol.Metrics;

/// <summary>
/// The series of one prometheus-net collector that a collection writes: each write marks its series as seen, and
/// <see cref="Sweep"/> removes those not seen since the previous sweep. So a series disappears from the exposition
/// with the thing it describes instead of repeating its last value forever.
/// </summary>
/// <param name="deviceLabel">The position of the <c>device</c> label, or -1 when the family has none.</param>
internal sealed class SeriesFamily<TChild>(Collector<TChild> collector, int deviceLabel) : ISeriesFamily
    where TChild : ChildBase
{
    private readonly Dictionary<string, Series> _series = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private int _generation;

    /// <summary>The child for <paramref name="labels"/>, created when new; <paramref name="key"/> identifies it for <see cref="Replace"/>.</summary>
    public TChild Get(string[] labels, out string key)
    {
        key = string.Join('\0', labels);
        lock (_gate)
        {
            if (!_series.TryGetValue(key, out var series))
            {
                series = new Series(labels, collector.WithLabels(labels));
                _series[key] = series;
            }

            series.Generation = _generation;
            return series.Child;
        }
    }

    /// <summary>Drops the series and starts a new one at zero (a counter that went backwards was reset).</summary>
    public TChild Replace(string key)
    {
        lock (_gate)
        {
            var old = _series[key];
            collector.RemoveLabelled(old.Labels);
            var fresh = new Series(old.Labels, collector.WithLabels(old.Labels)) { Generation = _generation };
            _series[key] = fresh;
            return fresh.Child;
        }
    }

    public bool Contains(string key)
    {
        lock (_gate)
        {
            return _series.ContainsKey(key);
        }
    }

    public void Sweep()
    {
        lock (_gate)
        {
            foreach (var (key, series) in _series.Where(s => s.Value.Generation != _generation).ToList())
            {
                collector.RemoveLabelled(series.Labels);
                _series.Remove(key);
            }

            _generation++;
        }
    }

    public void ForgetDevice(string device)
    {
        if (deviceLabel < 0)
        {
            return;
        }

        lock (_gate)
        {
            foreach (var (key, series) in _series.Where(s => s.Value.Labels[deviceLabel] == device).ToList())
            {
                collector.RemoveLabelled(series.Labels);
                _series.Remove(key);
            }
        }
    }

    private sealed class Series(string[] labels, TChild child)
    {
        public string[] Labels { get; } = labels;

        public TChild Child { get; } = child;

        public int Generation { get; set; }
    }
}
