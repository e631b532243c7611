using System.Numerics;
using Nictune.Core.Planning;
using Nictune.Core.Tuning;

namespace Nictune.Tests.Simulators;

/// <summary>
/// virtio_net as the real driver behaved in a QEMU 7.2 guest on kernel 6.1 (docs/drivers.md §4, the captures of
/// <c>ethtool -g/-l/-c/-k</c>): the rings are created at the virtqueue's maximum (QEMU: 256) and a resize
/// (virtnet_set_ringparam, with VIRTIO_F_RING_RESET) takes powers of two only, anything else failing with ENOMEM ("Bad
/// virtqueue length"); combined channels up to max_queue_pairs, a change re-spreading XPS (virtnet_set_affinity);
/// coalescing reads rx/tx-usecs 0 and rx/tx-frames 1 but every write is EOPNOTSUPP without the notification-coalescing
/// features. No carrier loss on any of it.
/// </summary>
internal sealed class VirtioNetSimulator : SimulatedNic
{
    private readonly long _ringMax;
    private long _rx;
    private long _tx;
    private readonly long _maxQueuePairs;

    private static readonly IReadOnlyDictionary<string, string> Coalesce = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [SettingNames.CoalesceRxUsecs] = "0",
        [SettingNames.CoalesceRxFrames] = "1",
        [SettingNames.CoalesceTxUsecs] = "0",
        [SettingNames.CoalesceTxFrames] = "1",
    };

    /// <param name="name">The interface.</param>
    /// <param name="queuePairs">Queue pairs in use (the capture's mq device: 2).</param>
    /// <param name="maxQueuePairs">max_queue_pairs (the capture's mq device: 4; user-mode networking: 1).</param>
    /// <param name="ringMax">The virtqueue size QEMU offers (256 by default).</param>
    /// <param name="cpuCount">Online CPUs.</param>
    public VirtioNetSimulator(string name, int queuePairs = 1, int maxQueuePairs = 1, long ringMax = 256, int cpuCount = 2)
        : base(name, "virtio_net", queuePairs, cpuCount, [])
    {
        _ringMax = ringMax;
        _rx = _tx = ringMax;
        _maxQueuePairs = maxQueuePairs;
        SpreadXps();
        WithFeature("rx-gro", true).WithFeature("tx-tcp-segmentation", true).WithFeature("tx-checksum-ip-generic", true);
    }

    protected override IEnumerable<string> DeviceSettingNames =>
        [SettingNames.RingRx, SettingNames.RingTx, SettingNames.ChannelsCombined, .. Coalesce.Keys.Order(StringComparer.Ordinal)];

    protected override SettingReading? ReadDevice(string name) =>
        ReadRingsChannelsCoalesce(name, (_rx, _ringMax, _tx, _ringMax), _maxQueuePairs, Coalesce);

    protected override bool WriteDevice(SettingKey key, string value)
    {
        var name = key.Name;
        if (name.StartsWith(SettingNames.CoalescePrefix, StringComparison.Ordinal))
        {
            throw new SettingWriteException(key, Errnos.EOPNOTSUPP, "the device offers no notification coalescing");
        }

        if (name is SettingNames.RingRx or SettingNames.RingTx)
        {
            var requested = ParseNumber(key, value);
            if (requested < 1 || requested > _ringMax)
            {
                throw new SettingWriteException(key, Errnos.EINVAL, "above the reported maximum");
            }

            if (!BitOperations.IsPow2(requested))
            {
                throw new SettingWriteException(key, Errnos.ENOMEM, "Bad virtqueue length");
            }

            if (name == SettingNames.RingRx)
            {
                _rx = requested;
            }
            else
            {
                _tx = requested;
            }

            return true;
        }

        if (name == SettingNames.ChannelsCombined)
        {
            var pairs = ParseNumber(key, value);
            if (pairs < 1 || pairs > _maxQueuePairs)
            {
                throw new SettingWriteException(key, Errnos.EINVAL, "above max_queue_pairs");
            }

            SetQueueCount((int)pairs, (int)pairs);
            SpreadXps();
            return true;
        }

        if (name.StartsWith(SettingNames.ChannelsPrefix, StringComparison.Ordinal) || name.StartsWith(SettingNames.RingPrefix, StringComparison.Ordinal))
        {
            throw new SettingWriteException(key, Errnos.EINVAL, "no such ring or channel");
        }

        return false;
    }

    /// <summary>virtnet_set_affinity(): queue i's XPS mask is CPU i (mod the CPUs), as the capture shows (1, 2).</summary>
    private void SpreadXps()
    {
        if (TxQueues <= 1)
        {
            return;
        }

        for (var q = 0; q < TxQueues; q++)
        {
            Write(SettingKey.Interface(Name, SettingNames.XpsCpus(q)), (1L << (q % CpuCount)).ToString("x", System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}
