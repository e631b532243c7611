using System.Numerics;
using Nictune.Core.Planning;
using Nictune.Core.Tuning;

namespace Nictune.Tests.Simulators;

/// <summary>
/// virtio_net as the real driver behaved in a QEMU 7.2 guest on kernel 6.1 (docs/drivers.md §4, the captures of
/// <c>ethtool -g/-l/-c/-k</c>): the rings are created at the virtqueue's maximum (QEMU: 256) and a resize
/// (virtnet_set_ringparam, with VIRTIO_F_RING_RESET) takes powers of two only, anything else failing with ENOMEM ("Bad
/// virtqueue length"); combined channels up to max_queue_pairs, a change re-spreading XPS and the queue IRQs' affinity
/// over the online CPUs (virtnet_set_affinity);
/// coalescing reads rx/tx-usecs 0 and rx/tx-frames 1 but every write is EOPNOTSUPP without the notification-coalescing
/// features. No carrier loss on any of it.
/// </summary>
internal sealed class VirtioNetSimulator : SimulatedNic
{
    private readonly long _ringMax;
    private long _rx;
    private long _tx;
    private readonly long _maxQueuePairs;
    private readonly int? _firstIrq;

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
    /// <param name="firstIrq">The first of the device's MSI-X IRQs, or null for none (a simulator without IRQs). virtio_pci
    /// gives the config vector first, then input.N and output.N for every pair up to max_queue_pairs, then the control
    /// queue's.</param>
    public VirtioNetSimulator(string name, int queuePairs = 1, int maxQueuePairs = 1, long ringMax = 256, int cpuCount = 2, int? firstIrq = null)
        : base(name, "virtio_net", queuePairs, cpuCount, firstIrq is { } first ? [.. Enumerable.Range(first, (2 * maxQueuePairs) + 2)] : [])
    {
        _ringMax = ringMax;
        _rx = _tx = ringMax;
        _maxQueuePairs = maxQueuePairs;
        _firstIrq = firstIrq;
        SpreadAffinity();
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
            SpreadAffinity();
            return true;
        }

        if (name.StartsWith(SettingNames.ChannelsPrefix, StringComparison.Ordinal) || name.StartsWith(SettingNames.RingPrefix, StringComparison.Ordinal))
        {
            throw new SettingWriteException(key, Errnos.EINVAL, "no such ring or channel");
        }

        return false;
    }

    /// <summary>The IRQ of queue pair <paramref name="pair"/>'s input (rx) virtqueue; its output's is the next.</summary>
    public int InputIrq(int pair) => _firstIrq is { } first ? first + 1 + (2 * pair) : throw new InvalidOperationException("no IRQs");

    /// <summary>
    /// virtnet_set_affinity(): the online CPUs in groups of max(CPUs / pairs, 1), the first CPUs % pairs groups one
    /// larger, wrapping around; pair i's input and output IRQs and its XPS mask get group i. The IRQs of pairs not in
    /// use keep what they had.
    /// </summary>
    private void SpreadAffinity()
    {
        var pairs = TxQueues;
        var stride = Math.Max(CpuCount / pairs, 1);
        var stragglers = CpuCount >= pairs ? CpuCount % pairs : 0;
        var cpu = 0;
        for (var q = 0; q < pairs; q++)
        {
            var group = new List<int>();
            for (var j = 0; j < stride + (q < stragglers ? 1 : 0); j++)
            {
                group.Add(cpu);
                cpu = (cpu + 1) % CpuCount;
            }

            var cpus = new CpuSet(group);
            if (_firstIrq is not null)
            {
                Write(SettingKey.Interface(Name, SettingNames.IrqAffinity(InputIrq(q))), cpus.ToList());
                Write(SettingKey.Interface(Name, SettingNames.IrqAffinity(InputIrq(q) + 1)), cpus.ToList());
            }

            // xps_cpus does not exist on a single-queue device (docs/drivers.md §8).
            if (pairs > 1)
            {
                Write(SettingKey.Interface(Name, SettingNames.XpsCpus(q)), cpus.ToMask());
            }
        }
    }
}
