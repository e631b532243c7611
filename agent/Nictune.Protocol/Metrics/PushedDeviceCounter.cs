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

    public void ForgetDevice(string device)
    {
        foreach (var labels in counter.GetAllLabelValues().Where(l => l[deviceLabel] == device).ToList())
        {
            counter.RemoveLabelled(labels);
        }
    }
}
