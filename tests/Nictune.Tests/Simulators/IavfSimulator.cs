using System.Globalization;
using Nictune.Core.Planning;
using Nictune.Core.Tuning;

namespace Nictune.Tests.Simulators;

/// <summary>
/// iavf (drivers/net/ethernet/intel/iavf/iavf_ethtool.c): rings 64–4096 aligned up to 32, combined channels up to
/// the queues the PF granted, and a full VF reset (carrier loss, steering back to defaults) on any ring or channel change.
/// </summary>
internal sealed class IavfSimulator : SimulatedNic
{
    private const long RingMin = 64;
    private const long RingMax = 4096;
    private const long RingMultiple = 32;
    private const long UsecsMax = 8160;

    private long _rx = 512;
    private long _tx = 512;
    private readonly SortedDictionary<string, string> _coalesce = new(StringComparer.Ordinal)
    {
        [SettingNames.CoalesceAdaptiveRx] = "on",
        [SettingNames.CoalesceAdaptiveTx] = "on",
        [SettingNames.CoalesceRxUsecs] = "50",
        [SettingNames.CoalesceTxUsecs] = "50",
    };

    public IavfSimulator(string name, int grantedQueues, int queues, int cpuCount = 8, IReadOnlyList<int>? irqs = null)
        : base(name, "iavf", queues, cpuCount, irqs ?? [])
    {
        GrantedQueues = grantedQueues;
        WithFeature("rx-gro", true).WithFeature("tx-tcp-segmentation", true);
    }

    public int GrantedQueues { get; }

    protected override IEnumerable<string> DeviceSettingNames =>
        [SettingNames.RingRx, SettingNames.RingTx, SettingNames.ChannelsCombined, .. _coalesce.Keys];

    protected override SettingReading? ReadDevice(string name) => name switch
    {
        SettingNames.RingRx => Number(_rx, RingMax),
        SettingNames.RingTx => Number(_tx, RingMax),
        SettingNames.RingRxMini or SettingNames.RingRxJumbo => Number(0, 0),
        SettingNames.ChannelsCombined => Number(RxQueues, GrantedQueues),
        SettingNames.ChannelsRx or SettingNames.ChannelsTx => Number(0, 0),
        _ when name.StartsWith(SettingNames.CoalescePrefix, StringComparison.Ordinal) =>
            _coalesce.TryGetValue(name, out var value) ? new SettingReading(value) : SettingReading.Unsupported($"iavf has no {name}"),
        _ => null,
    };

    protected override bool WriteDevice(SettingKey key, string value)
    {
        var name = key.Name;
        if (name.StartsWith(SettingNames.CoalescePrefix, StringComparison.Ordinal))
        {
            if (!_coalesce.ContainsKey(name))
            {
                throw new SettingWriteException(key, Errnos.EOPNOTSUPP, "unsupported coalesce parameter");
            }

            if (name.EndsWith("usecs", StringComparison.Ordinal) && ParseNumber(key, value) > UsecsMax)
            {
                throw new SettingWriteException(key, Errnos.EINVAL, "usecs above 8160");
            }

            _coalesce[name] = value;
            return true;
        }

        if (name is SettingNames.RingRx or SettingNames.RingTx)
        {
            var requested = ParseNumber(key, value);
            if (requested > RingMax)
            {
                throw new SettingWriteException(key, Errnos.EINVAL, "above the reported maximum");
            }

            var size = (Math.Max(requested, RingMin) + RingMultiple - 1) / RingMultiple * RingMultiple;
            var current = name == SettingNames.RingRx ? _rx : _tx;
            if (size != current)
            {
                _ = name == SettingNames.RingRx ? _rx = size : _tx = size;
                ResetLink(xps: true);
            }

            return true;
        }

        if (name == SettingNames.ChannelsCombined)
        {
            var combined = ParseNumber(key, value);
            if (combined < 1 || combined > GrantedQueues)
            {
                throw new SettingWriteException(key, Errnos.EINVAL, $"combined must be 1–{GrantedQueues}");
            }

            if (combined != RxQueues)
            {
                SetQueueCount((int)combined, (int)combined);
                ResetLink(xps: true);
            }

            return true;
        }

        if (name.StartsWith(SettingNames.ChannelsPrefix, StringComparison.Ordinal) || name.StartsWith(SettingNames.RingPrefix, StringComparison.Ordinal))
        {
            if (ParseNumber(key, value) != 0)
            {
                throw new SettingWriteException(key, Errnos.EINVAL, "above the reported maximum");
            }

            return true;
        }

        return false;
    }
}
