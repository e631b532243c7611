using Nictune.Core.Adaptive;

namespace Nictune.Tests.Adaptive;

/// <summary>
/// A synthetic counter feed for one interface: cumulative counters that grow at the rates a test sets, sampled every
/// <see cref="Interval"/>, so a test can say "60 s at 50 drops/s" and get the samples the daemon would have read.
/// </summary>
internal sealed class SyntheticFeed(AdaptiveController controller, string device, DateTimeOffset start)
{
    private long _packets;
    private long _outOfBuffer;
    private long _missed;
    private bool _started;

    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(10);

    public DateTimeOffset Now { get; private set; } = start;

    /// <summary>Whether the driver has an out-of-buffer counter (vmxnet3, mlx5) or only the link's missed count.</summary>
    public bool DriverCounter { get; init; } = true;

    /// <summary>Feeds <paramref name="duration"/> of traffic; returns the time of the last sample.</summary>
    public DateTimeOffset Run(TimeSpan duration, double dropsPerSecond, double packetsPerSecond = 100_000)
    {
        if (!_started)
        {
            // The daemon's first reading, when it starts watching.
            _started = true;
            controller.Record(device, Sample());
        }

        var end = Now + duration;
        while (Now < end)
        {
            Now += Interval;
            _packets += (long)(packetsPerSecond * Interval.TotalSeconds);
            var drops = (long)(dropsPerSecond * Interval.TotalSeconds);
            if (DriverCounter)
            {
                _outOfBuffer += drops;
            }
            else
            {
                _missed += drops;
            }

            controller.Record(device, Sample());
        }

        return Now;
    }

    /// <summary>The counters start again from zero, as after a device reset or re-creation.</summary>
    public void ResetCounters() => (_packets, _outOfBuffer, _missed) = (0, 0, 0);

    /// <summary>Moves the clock without a sample (the daemon was busy, or nothing to read).</summary>
    public void Skip(TimeSpan gap) => Now += gap;

    private DropSample Sample() => new(Now, _packets, _missed, RxFifo: 0, DriverCounter ? _outOfBuffer : null);
}
