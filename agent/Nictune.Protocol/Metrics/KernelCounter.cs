using Prometheus;

namespace Nictune.Protocol.Metrics;

/// <summary>
/// A counter family whose values the kernel or a driver keeps: each scrape sets the current value. A value lower
/// than the last one means the source was reset (a driver re-initialised its queues), so the series restarts from
/// zero, which is a counter reset to Prometheus's rate(); a series is never made to go backwards.
/// </summary>
internal sealed class KernelCounter : ISeriesFamily
{
    private readonly SeriesFamily<Counter.Child> _series;
    private readonly Dictionary<string, ulong> _last = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public KernelCounter(Counter counter, int deviceLabel) => _series = new SeriesFamily<Counter.Child>(counter, deviceLabel);

    public void Set(ulong value, params string[] labels)
    {
        var child = _series.Get(labels, out var key);
        lock (_gate)
        {
            if (_last.TryGetValue(key, out var last) && value < last)
            {
                child = _series.Replace(key);
            }

            _last[key] = value;
        }

        child.IncTo(value);
    }

    public void Sweep()
    {
        _series.Sweep();
        PruneLast();
    }

    public void ForgetDevice(string device)
    {
        _series.ForgetDevice(device);
        PruneLast();
    }

    // A removed series must not compare its successor with the old value.
    private void PruneLast()
    {
        lock (_gate)
        {
            foreach (var key in _last.Keys.Where(k => !_series.Contains(k)).ToList())
            {
                _last.Remove(key);
            }
        }
    }
}
