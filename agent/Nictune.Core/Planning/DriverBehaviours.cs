using System.Collections.Frozen;
using Nictune.Core.Classification;
using Nictune.Core.Tuning;

namespace Nictune.Core.Planning;

/// <summary>
/// The one table of driver behaviour the planner relies on, from docs/drivers.md §4 (Linux 6.12 sources; the rules
/// marked there were confirmed on the real 6.1 drivers in a QEMU 7.2 guest): which changes reset the link, and which
/// values a driver can hold. Drivers not listed in the link-reset part (virtio_net, mlx5_core, veth, …) change rings
/// and channels without a carrier loss.
/// </summary>
public static class DriverBehaviours
{
    private static readonly FrozenDictionary<string, LinkResetBehaviour> Table = new Dictionary<string, LinkResetBehaviour>(StringComparer.Ordinal)
    {
        // vmxnet3_ethtool.c: a ring change quiesces and resets the device; channels have only a get op.
        [DriverNames.Vmxnet3] = new(RingsResetLink: true, ChannelsResetLink: false, ChannelsReadOnly: true,
            "vmxnet3 quiesces and resets the device: carrier off, RSS table back to default"),
        [DriverNames.E1000] = new(true, false, false, "e1000 takes the link down and up"),
        [DriverNames.E1000e] = new(true, false, false, "e1000e takes the link down and up"),
        [DriverNames.Ixgbevf] = new(true, false, false, "ixgbevf takes the link down and up"),
        [DriverNames.Iavf] = new(true, true, false, "iavf performs a full VF reset"),
        [DriverNames.I40evf] = new(true, true, false, "i40evf performs a full VF reset"),
        [DriverNames.BnxtEn] = new(true, true, false, "bnxt_en closes and reopens the device"),
        [DriverNames.HvNetvsc] = new(true, true, false, "hv_netvsc detaches and re-attaches the device"),
        [DriverNames.Mana] = new(true, true, false, "mana detaches and re-attaches the device"),
        [DriverNames.Ena] = new(true, true, false, "ena resets the device (under 1 ms outage)"),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    // e1000_set_coalesce() in e1000_ethtool.c and e1000e/ethtool.c; the modes are InterruptThrottleRate's (param.c).
    private static readonly ThrottlingModes IntelItr = new(
        new Dictionary<long, string> { [0] = "off", [1] = "dynamic", [3] = "dynamic conservative", [4] = "simplified dynamic" }.ToFrozenDictionary(),
        MinUsecs: 10,
        MaxUsecs: 10000);

    private static readonly FrozenDictionary<string, DriverValueRules> Values = new Dictionary<string, DriverValueRules>(StringComparer.Ordinal)
    {
        // virtnet_set_ringparam() → virtqueue_resize(): a size that is not a power of two is ENOMEM.
        [DriverNames.VirtioNet] = new(RingSizeRule.PowerOfTwo),
        [DriverNames.E1000] = new(RingSizeRule.Any, IntelItr),
        [DriverNames.E1000e] = new(RingSizeRule.Any, IntelItr),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The values the driver can hold; <see cref="DriverValueRules.Default"/> for a driver with no rule.</summary>
    public static DriverValueRules ValuesOf(string? driver) =>
        driver is not null && Values.TryGetValue(driver, out var rules) ? rules : DriverValueRules.Default;

    /// <summary>The driver's behaviour, or null when changing rings and channels does not reset its link.</summary>
    public static LinkResetBehaviour? For(string? driver) =>
        driver is not null && Table.TryGetValue(driver, out var behaviour) ? behaviour : null;

    /// <summary>True when writing <paramref name="key"/> on a device bound to <paramref name="driver"/> resets its link.</summary>
    public static bool ResetsLink(string? driver, SettingKey key)
    {
        if (key.Scope != SettingScope.Interface || For(driver) is not { } behaviour)
        {
            return false;
        }

        return SettingNames.KindOf(key.Name) switch
        {
            SettingKind.Ring => behaviour.RingsResetLink,
            SettingKind.Channels => behaviour.ChannelsResetLink,
            _ => false,
        };
    }
}
