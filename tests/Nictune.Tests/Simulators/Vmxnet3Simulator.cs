using System.Globalization;
using System.Numerics;
using Nictune.Core.Planning;
using Nictune.Core.Tuning;

namespace Nictune.Tests.Simulators;

/// <summary>
/// vmxnet3 as docs/drivers.md §5 describes it (drivers/net/vmxnet3/vmxnet3_ethtool.c), checked against the real
/// driver (kernel 6.1, QEMU 7.2's device revision 1): rings with revision-dependent rounding, rx-mini (the rx data
/// ring, in bytes) only from rev 3, get-only channels, coalescing from rev 3, and a device reset on every
/// ETHTOOL_SRINGPARAM that changes a size (one per request, whatever the number of fields), which puts RSS and RPS
/// back to defaults. get_ringparam reports the sizes the last SRINGPARAM set (<c>adapter-&gt;rx_ring_size</c>), not
/// the ring 1 size the driver adjusted for the MTU afterwards (<see cref="EffectiveRx"/>).
/// </summary>
internal sealed class Vmxnet3Simulator : SimulatedNic
{
    private const long RingMax = 4096;
    private const long RxMiniMax = 2048;
    private const long RingAlign = 32;

    private long _rx = 1024;
    private long _rxJumbo = 512;
    private long _rxMini;
    private long _tx = 512;
    private readonly Dictionary<string, string> _coalesce = new(StringComparer.Ordinal);

    public Vmxnet3Simulator(string name, int revision, int mtu = 1500, int queues = 4, int cpuCount = 8, IReadOnlyList<int>? irqs = null)
        : base(name, "vmxnet3", queues, cpuCount, irqs ?? [])
    {
        Revision = revision;
        Mtu = mtu;
        _rxMini = revision >= 3 ? 128 : 0;

        if (revision >= 3)
        {
            _coalesce[SettingNames.CoalesceRxUsecs] = "0";
            _coalesce[SettingNames.CoalesceRxFrames] = "0";
            _coalesce[SettingNames.CoalesceTxFrames] = "0";
            _coalesce[SettingNames.CoalesceAdaptiveRx] = "on";
        }

        WithFeature("rx-lro", true).WithFeature("rx-gro", true);
    }

    public int Revision { get; }

    public int Mtu { get; private set; }

    /// <summary>How many ETHTOOL_SRINGPARAM requests changed a size (each one quiesces and resets the device).</summary>
    public int RingRequests { get; private set; }

    /// <summary>
    /// Ring 1 as the driver sizes it when the device activates (vmxnet3_adjust_rx_ring_size): a multiple of 32 ×
    /// buffers per packet before rev 7. ethtool cannot show it.
    /// </summary>
    public long EffectiveRx => Revision >= 7 ? _rx : AlignUp(_rx, BuffersPerPacket);

    private int BuffersPerPacket => Revision < 7 && Mtu >= 9000 ? 3 : 1;

    /// <summary>An MTU change behind the agent (ip link set mtu): the device is reset and ring 1 re-adjusted, but
    /// get_ringparam keeps reporting the size last set.</summary>
    public void SetMtu(int mtu)
    {
        Mtu = mtu;
        RssResets++;
        ResetLink(xps: false);
    }

    /// <summary>How often the RSS indirection table went back to its default (every activation).</summary>
    public int RssResets { get; private set; }

    protected override IEnumerable<string> DeviceSettingNames =>
        [SettingNames.RingRx, SettingNames.RingRxMini, SettingNames.RingRxJumbo, SettingNames.RingTx, SettingNames.ChannelsCombined, .. _coalesce.Keys.Order(StringComparer.Ordinal)];

    protected override SettingReading? ReadDevice(string name) => name switch
    {
        SettingNames.RingRx => Ring(_rx, RingMax),
        SettingNames.RingRxJumbo => Ring(_rxJumbo, RingMax),
        SettingNames.RingRxMini => Ring(_rxMini, Revision >= 3 ? RxMiniMax : 0),
        SettingNames.RingTx => Ring(_tx, RingMax),
        SettingNames.ChannelsCombined => Ring(RxQueues, RxQueues),
        SettingNames.ChannelsRx or SettingNames.ChannelsTx => Ring(0, 0),
        _ when name.StartsWith(SettingNames.CoalescePrefix, StringComparison.Ordinal) =>
            _coalesce.TryGetValue(name, out var value) ? new SettingReading(value) : SettingReading.Unsupported($"vmxnet3 rev {Revision} has no {name}"),
        _ => null,
    };

    protected override bool WriteDevice(SettingKey key, string value)
    {
        var name = key.Name;
        if (name.StartsWith(SettingNames.ChannelsPrefix, StringComparison.Ordinal))
        {
            throw new SettingWriteException(key, Errnos.EOPNOTSUPP, "vmxnet3 has no set_channels");
        }

        if (name.StartsWith(SettingNames.CoalescePrefix, StringComparison.Ordinal))
        {
            if (!_coalesce.ContainsKey(name))
            {
                throw new SettingWriteException(key, Errnos.EOPNOTSUPP, "unsupported coalesce parameter");
            }

            _coalesce[name] = value;
            return true;
        }

        if (!name.StartsWith(SettingNames.RingPrefix, StringComparison.Ordinal))
        {
            return false;
        }

        SetRings([KeyValuePair.Create(key, value)]);
        return true;
    }

    public override void WriteTogether(IReadOnlyList<KeyValuePair<SettingKey, string>> settings)
    {
        if (settings.All(s => s.Key.Name.StartsWith(SettingNames.RingPrefix, StringComparison.Ordinal)))
        {
            SetRings(settings);
            return;
        }

        base.WriteTogether(settings);
    }

    /// <summary>One ETHTOOL_SRINGPARAM: every size checked and rounded, then one quiesce and reset if any changed.</summary>
    private void SetRings(IReadOnlyList<KeyValuePair<SettingKey, string>> settings)
    {
        var (rx, rxJumbo, rxMini, tx) = (_rx, _rxJumbo, _rxMini, _tx);
        foreach (var (key, value) in settings)
        {
            var name = key.Name;
            var requested = ParseNumber(key, value);
            var max = name == SettingNames.RingRxMini ? (Revision >= 3 ? RxMiniMax : 0) : RingMax;
            if (requested > max)
            {
                throw new SettingWriteException(key, Errnos.EINVAL, "above the reported maximum");
            }

            switch (name)
            {
                case SettingNames.RingRxMini:
                    if (requested != 0 && Revision < 3)
                    {
                        throw new SettingWriteException(key, Errnos.EINVAL, "rx-mini needs device revision 3");
                    }

                    rxMini = requested;
                    break;
                case SettingNames.RingRx:
                    rx = Round(key, requested, BuffersPerPacket);
                    break;
                case SettingNames.RingRxJumbo:
                    rxJumbo = Round(key, requested, 1);
                    break;
                case SettingNames.RingTx:
                    tx = Round(key, requested, 1);
                    break;
                default:
                    throw new SettingWriteException(key, Errnos.EOPNOTSUPP, "no such ring");
            }
        }

        if ((rx, rxJumbo, rxMini, tx) != (_rx, _rxJumbo, _rxMini, _tx))
        {
            (_rx, _rxJumbo, _rxMini, _tx) = (rx, rxJumbo, rxMini, tx);

            // Quiesce and reset: the indirection table is rebuilt and RPS starts over.
            RingRequests++;
            RssResets++;
            ResetLink(xps: false);
        }
    }

    /// <summary>Rev 7+ rounds down to a power of two; older revisions round up to 32 × buffers per packet.</summary>
    private long Round(SettingKey key, long requested, int buffersPerPacket)
    {
        if (requested == 0)
        {
            throw new SettingWriteException(key, Errnos.EINVAL, "a ring cannot be empty");
        }

        if (Revision >= 7)
        {
            return (long)BitOperations.RoundUpToPowerOf2((ulong)requested + 1) / 2;
        }

        return AlignUp(requested, buffersPerPacket);
    }

    private static long AlignUp(long requested, int buffersPerPacket)
    {
        var align = RingAlign * buffersPerPacket;
        var rounded = (requested + align - 1) / align * align;
        return Math.Min(rounded, RingMax / align * align);
    }

    private static SettingReading Ring(long value, long max) => new(value.ToString(CultureInfo.InvariantCulture), max);
}
