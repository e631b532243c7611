using System.Globalization;
using System.Numerics;
using Nictune.Core.Planning;
using Nictune.Core.Tuning;

namespace Nictune.Tests.Simulators;

/// <summary>
/// ENA as docs/drivers.md §4 and §10 describe it (drivers/net/ethernet/amazon/ena/ena_ethtool.c,
/// <c>ena_set_ringparam()</c>): a ring request is raised to at least 256 and rounded down to a power of two; rx goes
/// up to 16K, tx to 1024 (512 with large LLQ headers); changing a ring resets the device, which starts RPS over.
/// </summary>
internal sealed class EnaSimulator : SimulatedNic
{
    private const long MinimumRing = 256;
    private const long ChannelsMax = 32;

    private readonly long _rxMax;
    private readonly long _txMax;
    private long _rx = 1024;
    private long _tx = 1024;
    private readonly SortedDictionary<string, string> _coalesce = new(StringComparer.Ordinal)
    {
        [SettingNames.CoalesceAdaptiveRx] = "off",
        [SettingNames.CoalesceRxUsecs] = "0",
        [SettingNames.CoalesceTxUsecs] = "64",
    };

    public EnaSimulator(string name, int queues = 8, int cpuCount = 8, bool largeLlqHeaders = false, long rxMax = 16384)
        : base(name, "ena", queues, cpuCount, [])
    {
        _rxMax = rxMax;
        _txMax = largeLlqHeaders ? 512 : 1024;
        _tx = Math.Min(_tx, _txMax);
        WithFeature("rx-gro", true);
    }

    protected override IEnumerable<string> DeviceSettingNames =>
        [SettingNames.RingRx, SettingNames.RingTx, SettingNames.ChannelsCombined, .. _coalesce.Keys];

    protected override SettingReading? ReadDevice(string name) => ReadRingsChannelsCoalesce(name, (_rx, _rxMax, _tx, _txMax), ChannelsMax, _coalesce);

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
            var max = name == SettingNames.RingRx ? _rxMax : _txMax;
            if (requested > max)
            {
                // The ethtool core refuses a request above the reported maximum before the driver sees it.
                throw new SettingWriteException(key, Errnos.EINVAL, "above the reported maximum");
            }

            var size = FloorPowerOfTwo(Math.Max(requested, MinimumRing));
            var (rx, tx) = name == SettingNames.RingRx ? (size, _tx) : (_rx, size);
            if ((rx, tx) != (_rx, _tx))
            {
                (_rx, _tx) = (rx, tx);
                ResetLink(xps: false);
            }

            return true;
        }

        if (name == SettingNames.ChannelsCombined)
        {
            var combined = ParseNumber(key, value);
            if (combined is < 1 or > ChannelsMax)
            {
                throw new SettingWriteException(key, Errnos.EINVAL, "combined out of range");
            }

            SetQueueCount((int)combined, (int)combined);
            ResetLink(xps: false);
            return true;
        }

        return false;
    }

    private static long FloorPowerOfTwo(long value) => (long)BitOperations.RoundUpToPowerOf2((ulong)value + 1) / 2;
}
