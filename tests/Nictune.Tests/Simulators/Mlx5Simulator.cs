using System.Globalization;
using System.Numerics;
using Nictune.Core.Planning;
using Nictune.Core.Tuning;

namespace Nictune.Tests.Simulators;

/// <summary>
/// mlx5 (drivers/net/ethernet/mellanox/mlx5/core/en_ethtool.c): rings are powers of two up to 8192 (a request is
/// rounded up), combined channels up to 256; new queues open before old ones close, so no carrier loss, but the
/// allocation may fail with ENOMEM.
/// </summary>
internal sealed class Mlx5Simulator : SimulatedNic
{
    private const long RingMax = 8192;
    private const long ChannelsMax = 256;

    private long _rx = 1024;
    private long _tx = 1024;
    private readonly SortedDictionary<string, string> _coalesce = new(StringComparer.Ordinal)
    {
        [SettingNames.CoalesceAdaptiveRx] = "on",
        [SettingNames.CoalesceAdaptiveTx] = "on",
        [SettingNames.CoalesceRxUsecs] = "8",
        [SettingNames.CoalesceTxUsecs] = "16",
        [SettingNames.CoalesceRxFrames] = "128",
        [SettingNames.CoalesceTxFrames] = "32",
    };

    public Mlx5Simulator(string name, int queues, int cpuCount = 8, IReadOnlyList<int>? irqs = null)
        : base(name, "mlx5_core", queues, cpuCount, irqs ?? [])
    {
        WithFeature("rx-gro", true).WithFeature("rx-lro", false);
    }

    /// <summary>When set, ring and channel changes fail with ENOMEM, as when the new queues cannot be allocated.</summary>
    public bool FailAllocations { get; set; }

    protected override IEnumerable<string> DeviceSettingNames =>
        [SettingNames.RingRx, SettingNames.RingTx, SettingNames.ChannelsCombined, .. _coalesce.Keys];

    protected override SettingReading? ReadDevice(string name) => ReadRingsChannelsCoalesce(name, (_rx, RingMax, _tx, RingMax), ChannelsMax, _coalesce);

    protected override bool WriteDevice(SettingKey key, string value)
    {
        if (TryWriteCoalesce(_coalesce, key, value))
        {
            return true;
        }

        var name = key.Name;
        if (name is SettingNames.RingRx or SettingNames.RingTx)
        {
            var requested = ParseNumber(key, value);
            if (requested is < 1 or > RingMax)
            {
                throw new SettingWriteException(key, Errnos.EINVAL, "ring size out of range");
            }

            ThrowIfAllocationFails(key);
            var size = (long)BitOperations.RoundUpToPowerOf2((ulong)requested);
            _ = name == SettingNames.RingRx ? _rx = size : _tx = size;
            return true;
        }

        if (name == SettingNames.ChannelsCombined)
        {
            var combined = ParseNumber(key, value);
            if (combined is < 1 or > ChannelsMax)
            {
                throw new SettingWriteException(key, Errnos.EINVAL, "combined out of range");
            }

            ThrowIfAllocationFails(key);
            SetQueueCount((int)combined, (int)combined);
            return true;
        }

        return false;
    }

    private void ThrowIfAllocationFails(SettingKey key)
    {
        if (FailAllocations)
        {
            throw new SettingWriteException(key, Errnos.ENOMEM, "cannot allocate the new queues");
        }
    }
}
