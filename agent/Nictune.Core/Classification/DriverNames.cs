using System.Collections.Frozen;

namespace Nictune.Core.Classification;

/// <summary>Driver names (as the kernel reports them in <c>device/driver</c>) that decide a class on their own.</summary>
public static class DriverNames
{
    public const string Vmxnet3 = "vmxnet3";
    public const string VirtioNet = "virtio_net";
    public const string HvNetvsc = "hv_netvsc";
    /// <summary>xen-netfront registers its driver as <c>vif</c>.</summary>
    public const string XenNetfront = "vif";
    public const string Gve = "gve";
    public const string NetFailover = "net_failover";
    public const string E1000 = "e1000";
    public const string E1000e = "e1000e";
    public const string Rtl8139cp = "8139cp";
    public const string Rtl8139too = "8139too";
    public const string Ne2kPci = "ne2k-pci";
    public const string Pcnet32 = "pcnet32";
    public const string Ixgbevf = "ixgbevf";
    public const string Iavf = "iavf";
    public const string I40evf = "i40evf";
    public const string Mlx5Core = "mlx5_core";
    public const string BnxtEn = "bnxt_en";
    public const string Ena = "ena";
    public const string Mana = "mana";
    public const string Ice = "ice";
    public const string I40e = "i40e";
    public const string Ixgbe = "ixgbe";

    /// <summary>Paravirtual drivers (§1): the driver name alone makes the class.</summary>
    public static readonly FrozenSet<string> Paravirtual =
        new[] { Vmxnet3, VirtioNet, HvNetvsc, XenNetfront, Gve }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>
    /// Drivers that only ever bind virtual functions. mlx5_core, bnxt_en, ena and mana are not here:
    /// they bind PFs too, so the device ID decides.
    /// </summary>
    public static readonly FrozenSet<string> VirtualFunctionOnly =
        new[] { Ixgbevf, Iavf, I40evf }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Drivers of NIC models that today exist only as hypervisor emulations.</summary>
    public static readonly FrozenSet<string> LegacyEmulated =
        new[] { Rtl8139cp, Rtl8139too, Ne2kPci, Pcnet32 }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Paravirtual drivers that can run more than one queue pair, for the single-queue advisory.</summary>
    public static readonly FrozenSet<string> Multiqueue =
        new[] { Vmxnet3, VirtioNet, HvNetvsc, Gve, Ena, Mana }.ToFrozenSet(StringComparer.Ordinal);
}
