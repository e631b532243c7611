using System.Globalization;
using Nictune.Core.Planning;
using Nictune.Core.Tuning;

namespace Nictune.Tests.Simulators;

/// <summary>
/// The Intel e1000 (82540EM, QEMU's <c>-device e1000</c>) and e1000e (82574L, <c>-device e1000e</c>) drivers as they
/// behaved in a QEMU 7.2 guest on kernel 6.1 (docs/drivers.md §4 and the captures): rx and tx rings default 256, max
/// 4096, raised to the minimum and rounded up to a multiple of 8 (e1000_set_ringparam), a change taking the link down
/// and up; no channel operations; single queue (no xps_cpus). Coalescing: the 82540EM has none (EOPNOTSUPP); e1000e
/// has rx-usecs only, where 0, 1, 3 and 4 are interrupt-throttling modes (3, dynamic conservative, is the default),
/// 10–10000 are microseconds (held as 1000000 / ((1000000 / usecs) &amp; ~3)) and anything else is EINVAL.
/// </summary>
internal sealed class E1000Simulator : SimulatedNic
{
    private const long RingMax = 4096;
    private const long RingDefault = 256;

    private readonly long _ringMin;
    private readonly bool _hasCoalesce;
    private long _rx = RingDefault;
    private long _tx = RingDefault;
    private long _itrSetting = 3;

    private E1000Simulator(string name, string driver, long ringMin, bool hasCoalesce)
        : base(name, driver, 1, 2, [])
    {
        _ringMin = ringMin;
        _hasCoalesce = hasCoalesce;
        WithFeature("rx-gro", true).WithFeature("tx-tcp-segmentation", true).WithFeature("rx-vlan-hw-parse", true);
    }

    /// <summary>e1000 on QEMU's 82540EM: E1000_MIN_RXD/TXD 48, no coalescing (mac_type below 82545).</summary>
    public static E1000Simulator E1000(string name) => new(name, "e1000", 48, hasCoalesce: false);

    /// <summary>e1000e on QEMU's 82574L: E1000_MIN_RXD/TXD 64, rx-usecs with the throttling modes.</summary>
    public static E1000Simulator E1000e(string name) => new(name, "e1000e", 64, hasCoalesce: true);

    protected override IEnumerable<string> DeviceSettingNames =>
        _hasCoalesce ? [SettingNames.RingRx, SettingNames.RingTx, SettingNames.CoalesceRxUsecs] : [SettingNames.RingRx, SettingNames.RingTx];

    protected override SettingReading? ReadDevice(string name) => name switch
    {
        SettingNames.RingRx => Number(_rx, RingMax),
        SettingNames.RingTx => Number(_tx, RingMax),
        SettingNames.RingRxMini or SettingNames.RingRxJumbo => Number(0, 0),
        _ when name.StartsWith(SettingNames.ChannelsPrefix, StringComparison.Ordinal) => SettingReading.Unsupported($"{Driver} has no channels (EOPNOTSUPP)"),
        SettingNames.CoalesceRxUsecs when _hasCoalesce =>
            new SettingReading((_itrSetting <= 4 ? _itrSetting : 1000000 / _itrSetting).ToString(CultureInfo.InvariantCulture)),
        _ when name.StartsWith(SettingNames.CoalescePrefix, StringComparison.Ordinal) => SettingReading.Unsupported($"{Driver} has no {name}"),
        _ => null,
    };

    protected override bool WriteDevice(SettingKey key, string value)
    {
        var name = key.Name;
        if (name.StartsWith(SettingNames.ChannelsPrefix, StringComparison.Ordinal))
        {
            throw new SettingWriteException(key, Errnos.EOPNOTSUPP, "no set_channels");
        }

        if (name.StartsWith(SettingNames.CoalescePrefix, StringComparison.Ordinal))
        {
            if (!_hasCoalesce || name != SettingNames.CoalesceRxUsecs)
            {
                throw new SettingWriteException(key, Errnos.EOPNOTSUPP, "unsupported coalesce parameter");
            }

            var usecs = ParseNumber(key, value);
            if (usecs > 10000 || (usecs > 4 && usecs < 10) || usecs == 2)
            {
                throw new SettingWriteException(key, Errnos.EINVAL, "Invalid argument");
            }

            _itrSetting = usecs <= 4 ? usecs : (1000000 / usecs) & ~3L;
            return true;
        }

        if (name is SettingNames.RingRx or SettingNames.RingTx)
        {
            var requested = ParseNumber(key, value);
            if (requested > RingMax)
            {
                throw new SettingWriteException(key, Errnos.EINVAL, "above the reported maximum");
            }

            var held = (Math.Max(requested, _ringMin) + 7) / 8 * 8;
            if (held != (name == SettingNames.RingRx ? _rx : _tx))
            {
                if (name == SettingNames.RingRx)
                {
                    _rx = held;
                }
                else
                {
                    _tx = held;
                }

                ResetLink(xps: false);
            }

            return true;
        }

        if (name.StartsWith(SettingNames.RingPrefix, StringComparison.Ordinal))
        {
            throw new SettingWriteException(key, Errnos.EINVAL, "no such ring");
        }

        return false;
    }
}
