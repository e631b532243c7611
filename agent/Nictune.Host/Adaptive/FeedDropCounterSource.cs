using System.Globalization;
using Nictune.Core.Adaptive;

namespace Nictune.Host.Adaptive;

#if NICTUNE_FAULT_HOOK
/// <summary>
/// A test hook, compiled only into test builds (like <see cref="Tuning.FaultHookSettingStore"/>; never the Release
/// publish we ship), and used only when <see cref="Variable"/> names a file: the daemon's adaptive counters come from
/// that file instead of the kernel, because no interface a test can create (veth) runs out of ring buffers. Each line
/// is <c>DEVICE DROPS_PER_SECOND PACKETS_PER_SECOND</c>; the counters grow at those rates from the first read, and
/// the file is read again at every sample, so a test changes the rates by rewriting it. A device the file does not
/// list is absent. docs/adaptive.md, "Testing", says the same.
/// </summary>
internal sealed class FeedDropCounterSource(string path) : IDropCounterSource
{
    public const string Variable = "NICTUNE_TEST_DROP_FEED";

    private readonly Dictionary<string, (DateTimeOffset Last, double Drops, double Packets)> _counters = new(StringComparer.Ordinal);

    /// <summary>The feed when the variable is set; null otherwise.</summary>
    public static FeedDropCounterSource? FromEnvironment() =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } path ? new FeedDropCounterSource(path) : null;

    public IReadOnlyDictionary<string, DropSample> Read(IReadOnlyCollection<string> devices, DateTimeOffset now)
    {
        var rates = new Dictionary<string, (double Drops, double Packets)>(StringComparer.Ordinal);
        foreach (var line in File.Exists(path) ? File.ReadAllLines(path) : [])
        {
            if (line.Split(' ', StringSplitOptions.RemoveEmptyEntries) is [var device, var drops, var packets]
                && double.TryParse(drops, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
                && double.TryParse(packets, NumberStyles.Float, CultureInfo.InvariantCulture, out var p))
            {
                rates[device] = (d, p);
            }
        }

        var samples = new Dictionary<string, DropSample>(StringComparer.Ordinal);
        foreach (var device in devices)
        {
            if (!rates.TryGetValue(device, out var rate))
            {
                continue;
            }

            var (last, drops, packets) = _counters.TryGetValue(device, out var c) ? c : (now, 0d, 0d);
            var seconds = Math.Max(0, (now - last).TotalSeconds);
            (drops, packets) = (drops + (rate.Drops * seconds), packets + (rate.Packets * seconds));
            _counters[device] = (now, drops, packets);
            samples[device] = new DropSample(now, (long)packets, RxMissed: 0, RxFifo: 0, OutOfBuffer: (long)drops);
        }

        return samples;
    }
}
#endif
