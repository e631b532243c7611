using Prometheus;

namespace Nictune.Protocol.Metrics;

/// <summary>
/// A counter family the daemon's events write (push, not scrape) whose series name a device: nothing rewrites them
/// at a scrape, so a sweep keeps them, and they go only with their device (docs/metrics.md, "Series come and go with
/// what they describe").
/// </summary>
internal sealed class PushedDeviceCounter(Counter counter, int deviceLabel) : ISeriesFamily
{
    public Counter.Child WithLabels(params string[] labels) => counter.WithLabels(labels);

    public void Sweep()
    {
    }

    public void ForgetDevice(string device) => Remove(labels => labels[deviceLabel] == device);

    /// <summary>Removes the series of every device not in <paramref name="present"/> (one the link dump no longer shows).</summary>
    public void KeepDevices(IReadOnlySet<string> present) => Remove(labels => !present.Contains(labels[deviceLabel]));

    private void Remove(Func<string[], bool> which)
    {
        foreach (var labels in counter.GetAllLabelValues().Where(which).ToList())
        {
            counter.RemoveLabelled(labels);
        }
    }
}
