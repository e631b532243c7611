using System.Globalization;
using Nictune.Core.Planning;
using Nictune.Core.Tuning;

namespace Nictune.Host.Tuning;

#if NICTUNE_FAULT_HOOK
/// <summary>
/// A test hook, compiled only into test builds (like <see cref="FaultHookSettingStore"/>; never the Release publish we
/// ship), and used only when <see cref="Variable"/> names a file: the rx rings of the interfaces it lists are read and
/// written there instead of through ethtool, because veth, the only NIC a namespace test can create, has no rings.
/// Each line is <c>DEVICE RX MAXIMUM</c>. A write above the maximum is EINVAL, as the ethtool core answers
/// (docs/drivers.md §4); an accepted one is held as asked and the file is rewritten (temporary file, rename), so the
/// daemon, the CLI and the test all see the same ring. Every other setting goes to the real store.
/// </summary>
internal sealed class SimulatedRingStore(ISettingStore inner, string path) : ISettingStore
{
    public const string Variable = "NICTUNE_TEST_RINGS";

    private static readonly Lock Gate = new();

    public static ISettingStore WrapIfRequested(ISettingStore store) =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } file ? new SimulatedRingStore(store, file) : store;

    public SettingReading Read(SettingKey key)
    {
        if (!IsSimulated(key, out var rings))
        {
            return inner.Read(key);
        }

        var (rx, max) = rings[key.Target];
        return new SettingReading(rx.ToString(CultureInfo.InvariantCulture), max);
    }

    public void Write(SettingKey key, string value)
    {
        lock (Gate)
        {
            if (!IsSimulated(key, out var rings))
            {
                inner.Write(key, value);
                return;
            }

            var max = rings[key.Target].Max;
            if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var rx) || rx < 1 || rx > max)
            {
                throw new SettingWriteException(key, Errnos.EINVAL, $"{value} is outside 1..{max}");
            }

            rings[key.Target] = (rx, max);
            var temporary = path + ".tmp";
            File.WriteAllLines(temporary, rings.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Key} {r.Value.Rx} {r.Value.Max}")));
            File.Move(temporary, path, overwrite: true);
        }
    }

    public bool InterfaceExists(string nic) => inner.InterfaceExists(nic);

    public IDisposable ReadPass() => inner.ReadPass();

    public string? WriteRefusal(SettingKey key) => inner.WriteRefusal(key);

    private bool IsSimulated(SettingKey key, out Dictionary<string, (long Rx, long Max)> rings)
    {
        rings = [];
        if (key.Scope != SettingScope.Interface || key.Name != SettingNames.RingRx)
        {
            return false;
        }

        lock (Gate)
        {
            foreach (var line in File.Exists(path) ? File.ReadAllLines(path) : [])
            {
                if (line.Split(' ', StringSplitOptions.RemoveEmptyEntries) is [var device, var rx, var max]
                    && long.TryParse(rx, NumberStyles.None, CultureInfo.InvariantCulture, out var r)
                    && long.TryParse(max, NumberStyles.None, CultureInfo.InvariantCulture, out var m))
                {
                    rings[device] = (r, m);
                }
            }
        }

        return rings.ContainsKey(key.Target);
    }
}
#endif
