using System.Collections.Frozen;
using Nictune.Core.Classification;
using Nictune.Core.Tuning;

namespace Nictune.Core.Planning;

/// <summary>
/// The one table of driver behaviour the planner relies on, from docs/drivers.md §4 (Linux 6.12 sources; the rules
/// marked there were confirmed on the real 6.1 drivers in a QEMU 7.2 guest): which changes reset the link, and which
/// values a driver can hold, and what it rewrites of the steering when its queues are re-spread. Drivers not listed in
/// the link-reset part (virtio_net, mlx5_core, veth, …) change rings and channels without a carrier loss.
/// </summary>
public static class DriverBehaviours
{
    // e1000_set_coalesce() in e1000_ethtool.c and e1000e/ethtool.c; the modes are InterruptThrottleRate's (param.c).
    private static readonly ThrottlingModes IntelItr = new(
        new Dictionary<long, string> { [0] = "off", [1] = "dynamic", [3] = "dynamic conservative", [4] = "simplified dynamic" }.ToFrozenDictionary(),
        MinUsecs: 10,
        MaxUsecs: 10000);

    private static readonly DriverValueRules IntelValues = new(RingSizeRule.Any, IntelItr);

    // One row per driver: whether a ring or channel change resets its link, and which values it can hold.
    private static readonly FrozenDictionary<string, DriverBehaviour> Table = new Dictionary<string, DriverBehaviour>(StringComparer.Ordinal)
    {
        // vmxnet3_ethtool.c: a ring change quiesces and resets the device; channels have only a get op.
        [DriverNames.Vmxnet3] = new(new(RingsResetLink: true, ChannelsResetLink: false, ChannelsReadOnly: true,
            "vmxnet3 quiesces and resets the device: carrier off, RSS table back to default")),
        // virtnet_set_ringparam() → virtqueue_resize(): a size that is not a power of two is ENOMEM.
        // virtnet_set_channels() → virtnet_set_affinity(): the queues' IRQ affinity and XPS spread over the online CPUs.
        [DriverNames.VirtioNet] = new(null, new(RingSizeRule.PowerOfTwo),
            ChannelsRespread: "virtio_net spreads the queue IRQs' affinity and XPS over the online CPUs"),
        [DriverNames.E1000] = new(new(true, false, false, "e1000 takes the link down and up"), IntelValues),
        [DriverNames.E1000e] = new(new(true, false, false, "e1000e takes the link down and up"), IntelValues),
        [DriverNames.Ixgbevf] = new(new(true, false, false, "ixgbevf takes the link down and up")),
        [DriverNames.Iavf] = new(new(true, true, false, "iavf performs a full VF reset")),
        [DriverNames.I40evf] = new(new(true, true, false, "i40evf performs a full VF reset")),
        [DriverNames.BnxtEn] = new(new(true, true, false, "bnxt_en closes and reopens the device")),
        [DriverNames.HvNetvsc] = new(new(true, true, false, "hv_netvsc detaches and re-attaches the device")),
        [DriverNames.Mana] = new(new(true, true, false, "mana detaches and re-attaches the device")),
        [DriverNames.Ena] = new(new(true, true, false, "ena resets the device (under 1 ms outage)")),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The values the driver can hold; <see cref="DriverValueRules.Default"/> for a driver with no rule.</summary>
    public static DriverValueRules ValuesOf(string? driver) => Row(driver)?.Values ?? DriverValueRules.Default;

    /// <summary>The driver's behaviour, or null when changing rings and channels does not reset its link.</summary>
    public static LinkResetBehaviour? For(string? driver) => Row(driver)?.LinkReset;

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

    /// <summary>
    /// What the driver rewrites of a device's steering when <paramref name="rows"/> (one device's) are written: RPS and
    /// XPS after a write that resets the link, XPS and IRQ affinity after a channel change that re-spreads the queues;
    /// null when no write rewrites any.
    /// </summary>
    public static SteeringRewrite? RewriteBy(string? driver, IEnumerable<PlanRow> rows)
    {
        if (Row(driver) is not { } row)
        {
            return null;
        }

        var writes = rows.Where(r => r.IsWrite).ToList();
        if (row.LinkReset is { } reset && writes.Any(r => r.ResetsLink))
        {
            return new SteeringRewrite("the link reset", reset.Effect, Rps: true, AllIrqs: false);
        }

        return row.ChannelsRespread is { } respread && writes.Any(r => SettingNames.KindOf(r.Key.Name) == SettingKind.Channels)
            ? new SteeringRewrite("the channel change", respread, Rps: false, AllIrqs: true)
            : null;
    }

    private static DriverBehaviour? Row(string? driver) =>
        driver is not null && Table.TryGetValue(driver, out var row) ? row : null;

    /// <summary>
    /// One driver's row: its link-reset behaviour (null: no carrier loss), its value rules, and what re-spreading its
    /// queues on a channel change does (null: nothing).
    /// </summary>
    private sealed record DriverBehaviour(LinkResetBehaviour? LinkReset, DriverValueRules? Values = null, string? ChannelsRespread = null);
}
