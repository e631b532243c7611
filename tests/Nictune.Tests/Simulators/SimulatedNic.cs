using System.Globalization;
using System.Text;
using Nictune.Core.Model;
using Nictune.Core.Planning;
using Nictune.Core.Tuning;

namespace Nictune.Tests.Simulators;

/// <summary>
/// A simulated device: the settings every netdev has (features, txqueuelen, per-queue RPS/XPS files, IRQ affinity)
/// live here; rings, channels and coalescing are the driver's, in the subclasses.
/// </summary>
internal abstract class SimulatedNic
{
    private readonly SortedDictionary<string, string> _features = new(StringComparer.Ordinal);
    private readonly SortedDictionary<int, string> _irqAffinity = [];
    private readonly List<(string RpsCpus, string FlowCount)> _rx = [];
    private readonly List<string> _xps = [];

    protected SimulatedNic(string name, string driver, int queues, int cpuCount, IReadOnlyList<int> irqs)
    {
        Name = name;
        Driver = driver;
        CpuCount = cpuCount;
        foreach (var irq in irqs)
        {
            _irqAffinity[irq] = $"0-{cpuCount - 1}";
        }

        SetQueueCount(queues, queues);
    }

    public string Name { get; }

    public string Driver { get; }

    public int CpuCount { get; }

    public int RxQueues => _rx.Count;

    public int TxQueues => _xps.Count;

    public int LinkResets { get; private set; }

    public long TxQueueLen { get; set; } = 1000;

    public SimulatedNic WithFeature(string name, bool on)
    {
        _features[name] = on ? "on" : "off";
        return this;
    }

    public NetInterface ToInterface(NicClass nicClass, string? localCpus = null) => new()
    {
        Name = Name,
        Class = nicClass,
        Driver = Driver,
        Queues = new QueueCounts(RxQueues, TxQueues),
        LocalCpus = localCpus,
        MsiIrqs = [.. _irqAffinity.Keys],
    };

    public SettingReading Read(string name)
    {
        if (ReadDevice(name) is { } device)
        {
            return device;
        }

        if (name.StartsWith(SettingNames.FeaturePrefix, StringComparison.Ordinal))
        {
            return _features.TryGetValue(name[SettingNames.FeaturePrefix.Length..], out var on)
                ? new SettingReading(on)
                : SettingReading.Unsupported("the device has no such feature");
        }

        if (name == SettingNames.TxQueueLen)
        {
            return new SettingReading(TxQueueLen.ToString(CultureInfo.InvariantCulture));
        }

        if (QueueIndex(name, SettingNames.RpsCpusPrefix + "rx-") is { } rpsQueue)
        {
            return rpsQueue < _rx.Count ? new SettingReading(_rx[rpsQueue].RpsCpus) : SettingReading.Unsupported("no such rx queue");
        }

        if (QueueIndex(name, SettingNames.RpsFlowCountPrefix + "rx-") is { } flowQueue)
        {
            return flowQueue < _rx.Count ? new SettingReading(_rx[flowQueue].FlowCount) : SettingReading.Unsupported("no such rx queue");
        }

        if (QueueIndex(name, SettingNames.XpsCpusPrefix + "tx-") is { } xpsQueue)
        {
            // xps_cpus is ENOENT on single-queue devices (docs/drivers.md §8).
            return xpsQueue < _xps.Count && _xps.Count > 1 ? new SettingReading(_xps[xpsQueue]) : SettingReading.Unsupported("no xps_cpus");
        }

        if (QueueIndex(name, SettingNames.IrqAffinityPrefix) is { } irq)
        {
            return _irqAffinity.TryGetValue(irq, out var cpus) ? new SettingReading(cpus) : SettingReading.Unsupported("no such IRQ");
        }

        return SettingReading.Unsupported($"{Driver} has no {name}");
    }

    public void Write(SettingKey key, string value)
    {
        var name = key.Name;
        if (WriteDevice(key, value))
        {
            return;
        }

        if (name.StartsWith(SettingNames.FeaturePrefix, StringComparison.Ordinal))
        {
            var feature = name[SettingNames.FeaturePrefix.Length..];
            if (!_features.ContainsKey(feature))
            {
                throw new SettingWriteException(key, Errnos.EOPNOTSUPP, "no such feature");
            }

            _features[feature] = value is "on" or "off" ? value : throw new SettingWriteException(key, Errnos.EINVAL, "on or off");
            return;
        }

        if (name == SettingNames.TxQueueLen)
        {
            TxQueueLen = ParseNumber(key, value);
            return;
        }

        if (QueueIndex(name, SettingNames.RpsCpusPrefix + "rx-") is { } rpsQueue && rpsQueue < _rx.Count)
        {
            _rx[rpsQueue] = (FormatMask(key, value), _rx[rpsQueue].FlowCount);
            return;
        }

        if (QueueIndex(name, SettingNames.RpsFlowCountPrefix + "rx-") is { } flowQueue && flowQueue < _rx.Count)
        {
            _rx[flowQueue] = (_rx[flowQueue].RpsCpus, ParseNumber(key, value).ToString(CultureInfo.InvariantCulture));
            return;
        }

        if (QueueIndex(name, SettingNames.XpsCpusPrefix + "tx-") is { } xpsQueue && xpsQueue < _xps.Count && _xps.Count > 1)
        {
            _xps[xpsQueue] = FormatMask(key, value);
            return;
        }

        if (QueueIndex(name, SettingNames.IrqAffinityPrefix) is { } irq && _irqAffinity.ContainsKey(irq))
        {
            _irqAffinity[irq] = CpuSet.TryParseList(value, out var cpus) && !cpus.IsEmpty && cpus.Cpus[^1] < CpuCount
                ? cpus.ToList()
                : throw new SettingWriteException(key, Errnos.EINVAL, "bad cpulist");
            return;
        }

        throw new SettingWriteException(key, Errnos.ENOENT, $"{Driver} has no {name}");
    }

    /// <summary>
    /// Settings the kernel takes in one request (<see cref="ISettingStore.WriteTogether"/>). The default writes them one
    /// at a time; a driver whose grouped operation does something once per request (vmxnet3's reset) overrides it.
    /// </summary>
    public virtual void WriteTogether(IReadOnlyList<KeyValuePair<SettingKey, string>> settings)
    {
        foreach (var (key, value) in settings)
        {
            Write(key, value);
        }
    }

    public string Snapshot()
    {
        var text = new StringBuilder();
        void Line(string name)
        {
            var reading = Read(name);
            text.Append(Name).Append(' ').Append(name).Append('=').Append(reading.Value ?? "-")
                .Append(reading.Maximum is { } max ? $"/{max}" : string.Empty).Append('\n');
        }

        foreach (var name in DeviceSettingNames)
        {
            Line(name);
        }

        foreach (var feature in _features.Keys)
        {
            Line(SettingNames.Feature(feature));
        }

        Line(SettingNames.TxQueueLen);
        for (var q = 0; q < _rx.Count; q++)
        {
            Line(SettingNames.RpsCpus(q));
            Line(SettingNames.RpsFlowCount(q));
        }

        for (var q = 0; q < _xps.Count; q++)
        {
            Line(SettingNames.XpsCpus(q));
        }

        foreach (var irq in _irqAffinity.Keys)
        {
            Line(SettingNames.IrqAffinity(irq));
        }

        return text.ToString();
    }

    /// <summary>The names of the driver's ring/channel/coalesce settings, for snapshots.</summary>
    protected abstract IEnumerable<string> DeviceSettingNames { get; }

    /// <summary>The driver's own settings; null when <paramref name="name"/> is a generic netdev setting.</summary>
    protected abstract SettingReading? ReadDevice(string name);

    /// <summary>Writes a driver setting; false when <paramref name="key"/> is a generic netdev setting.</summary>
    protected abstract bool WriteDevice(SettingKey key, string value);

    /// <summary>What a link reset does to steering here: RPS masks and, if <paramref name="xps"/>, XPS masks back to zero.</summary>
    protected void ResetLink(bool xps)
    {
        LinkResets++;
        for (var q = 0; q < _rx.Count; q++)
        {
            _rx[q] = (EmptyMask, _rx[q].FlowCount);
        }

        if (xps)
        {
            for (var q = 0; q < _xps.Count; q++)
            {
                _xps[q] = EmptyMask;
            }
        }
    }

    /// <summary>Queues a channel change adds start with the kernel's defaults; removed queues lose their files.</summary>
    protected void SetQueueCount(int rx, int tx)
    {
        while (_rx.Count > rx)
        {
            _rx.RemoveAt(_rx.Count - 1);
        }

        while (_rx.Count < rx)
        {
            _rx.Add((EmptyMask, "0"));
        }

        while (_xps.Count > tx)
        {
            _xps.RemoveAt(_xps.Count - 1);
        }

        while (_xps.Count < tx)
        {
            _xps.Add(EmptyMask);
        }
    }

    protected static SettingReading Number(long value, long max) => new(value.ToString(CultureInfo.InvariantCulture), max);

    /// <summary>
    /// The reading of a driver with an rx and a tx ring, combined channels and a table of coalesce parameters (mlx5,
    /// ENA); null when <paramref name="name"/> is a generic netdev setting.
    /// </summary>
    protected SettingReading? ReadRingsChannelsCoalesce(string name, (long Rx, long RxMax, long Tx, long TxMax) rings, long channelsMax, IReadOnlyDictionary<string, string> coalesce) => name switch
    {
        SettingNames.RingRx => Number(rings.Rx, rings.RxMax),
        SettingNames.RingTx => Number(rings.Tx, rings.TxMax),
        SettingNames.RingRxMini or SettingNames.RingRxJumbo => Number(0, 0),
        SettingNames.ChannelsCombined => Number(RxQueues, channelsMax),
        SettingNames.ChannelsRx or SettingNames.ChannelsTx => Number(0, 0),
        _ when name.StartsWith(SettingNames.CoalescePrefix, StringComparison.Ordinal) =>
            coalesce.TryGetValue(name, out var value) ? new SettingReading(value) : SettingReading.Unsupported($"{Driver} has no {name}"),
        _ => null,
    };

    /// <summary>
    /// Writes a coalesce parameter the driver lists; one it does not list is EOPNOTSUPP, as ethtool_set_coalesce()
    /// answers (docs/drivers.md §4). False when <paramref name="key"/> is not a coalesce parameter.
    /// </summary>
    protected static bool TryWriteCoalesce(IDictionary<string, string> coalesce, SettingKey key, string value)
    {
        if (!key.Name.StartsWith(SettingNames.CoalescePrefix, StringComparison.Ordinal))
        {
            return false;
        }

        coalesce[key.Name] = coalesce.ContainsKey(key.Name) ? value : throw new SettingWriteException(key, Errnos.EOPNOTSUPP, "unsupported coalesce parameter");
        return true;
    }

    protected static long ParseNumber(SettingKey key, string value) =>
        long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : throw new SettingWriteException(key, Errnos.EINVAL, $"'{value}' is not a number");

    private string EmptyMask => new('0', MaskDigits);

    /// <summary>sysfs prints masks zero-padded to the CPU count, in 32-bit groups (bitmap_print_to_pagebuf).</summary>
    private int MaskDigits => (CpuCount + 3) / 4;

    private string FormatMask(SettingKey key, string value)
    {
        if (!CpuSet.TryParseMask(value, out var cpus) || (!cpus.IsEmpty && cpus.Cpus[^1] >= CpuCount))
        {
            throw new SettingWriteException(key, Errnos.EINVAL, $"bad mask '{value}'");
        }

        var hex = cpus.ToMask().Replace(",", string.Empty, StringComparison.Ordinal).PadLeft(MaskDigits, '0');
        var groups = new List<string>();
        for (var end = hex.Length; end > 0; end -= 8)
        {
            groups.Insert(0, hex[Math.Max(0, end - 8)..end]);
        }

        return string.Join(',', groups);
    }

    private static int? QueueIndex(string name, string prefix) =>
        name.StartsWith(prefix, StringComparison.Ordinal)
        && int.TryParse(name.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            ? index
            : null;
}
