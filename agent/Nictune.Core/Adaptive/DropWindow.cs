namespace Nictune.Core.Adaptive;

/// <summary>
/// The samples of one interface over the sliding window, oldest first: every sample inside the window plus the last
/// one before it, so the rate can cover the whole window. Bounded: at most <see cref="Capacity"/> samples are kept,
/// whatever the sampling rate. A counter that goes backwards starts the window again.
/// </summary>
public sealed class DropWindow
{
    public const int Capacity = 1024;

    private readonly List<DropSample> _samples = [];

    public int Count => _samples.Count;

    /// <summary>The oldest sample held, if any.</summary>
    public DropSample? Oldest => _samples.Count > 0 ? _samples[0] : null;

    /// <summary>Adds a sample; a sample older than the newest held is ignored.</summary>
    public void Add(DropSample sample, TimeSpan window)
    {
        if (_samples.Count > 0)
        {
            var newest = _samples[^1];
            if (sample.Time <= newest.Time)
            {
                return;
            }

            if (sample.IsResetSince(newest))
            {
                _samples.Clear();
            }
        }

        _samples.Add(sample);
        var start = sample.Time - window;
        var drop = 0;
        while (drop + 1 < _samples.Count && _samples[drop + 1].Time <= start)
        {
            drop++;
        }

        drop = Math.Max(drop, _samples.Count - Capacity);
        _samples.RemoveRange(0, drop);
    }

    /// <summary>Forgets every sample: the ring changed, so drops before now say nothing about the new size.</summary>
    public void Clear() => _samples.Clear();

    /// <summary>
    /// The rate over the window, or null while the samples cover less than <paramref name="window"/> (just started,
    /// just changed, or a counter reset).
    /// </summary>
    public DropRate? Rate(TimeSpan window)
    {
        if (_samples.Count < 3)
        {
            return null;
        }

        var first = _samples[0];
        var last = _samples[^1];
        var span = last.Time - first.Time;
        if (span < window)
        {
            return null;
        }

        var middle = _samples[1];
        var half = first.Time + (span / 2);
        foreach (var sample in _samples)
        {
            middle = sample;
            if (sample.Time >= half)
            {
                break;
            }
        }

        if (middle.Time >= last.Time)
        {
            middle = _samples[^2];
        }

        var drops = last.DropsSince(first);
        var arrived = (last.RxPackets - first.RxPackets) + drops;
        return new DropRate(
            drops / span.TotalSeconds,
            arrived > 0 ? (double)drops / arrived : 0,
            Math.Min(PerSecond(first, middle), PerSecond(middle, last)),
            span);
    }

    private static double PerSecond(DropSample from, DropSample to) => to.DropsSince(from) / (to.Time - from.Time).TotalSeconds;
}
