using Nictune.Core.Adaptive;

namespace Nictune.Tests.Adaptive;

/// <summary>Counters a test sets: per device, drops and packets per second from the first read.</summary>
internal sealed class FakeDropCounters : IDropCounterSource
{
    private readonly Dictionary<string, (double Drops, double Packets)> _rates = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (DateTimeOffset Start, long Drops, long Packets, DateTimeOffset Last)> _totals = new(StringComparer.Ordinal);

    public void Set(string device, double dropsPerSecond, double packetsPerSecond = 100_000) => _rates[device] = (dropsPerSecond, packetsPerSecond);

    public IReadOnlyDictionary<string, DropSample> Read(IReadOnlyCollection<string> devices, DateTimeOffset now)
    {
        var samples = new Dictionary<string, DropSample>(StringComparer.Ordinal);
        foreach (var device in devices)
        {
            if (!_rates.TryGetValue(device, out var rate))
            {
                continue;
            }

            var (start, drops, packets, last) = _totals.TryGetValue(device, out var t) ? t : (now, 0L, 0L, now);
            var seconds = (now - last).TotalSeconds;
            (drops, packets) = (drops + (long)(rate.Drops * seconds), packets + (long)(rate.Packets * seconds));
            _totals[device] = (start, drops, packets, now);
            samples[device] = new DropSample(now, packets, 0, 0, drops);
        }

        return samples;
    }
}
