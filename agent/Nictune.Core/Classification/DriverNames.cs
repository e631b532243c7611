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

    /// <summary>Paravirtual drivers (§1): the driver name alone makes the class.</summary>
    public static readonly FrozenSet<string> Paravirtual =
        new[] { Vmxnet3, VirtioNet, HvNetvsc, XenNetfront, Gve }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>
    /// Drivers that only ever bind virtual functions. mlx5_core, bnxt_en, ena and mana are not here:
    /// they bind PFs too, so the device ID decides.
    /// </summary>
    public static readonly FrozenSet<string> VirtualFunctionOnly =
        new[] { "ixgbevf", "iavf", "i40evf" }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Drivers of NIC models that today exist only as hypervisor emulations.</summary>
    public static readonly FrozenSet<string> LegacyEmulated =
        new[] { "8139cp", "8139too", "ne2k-pci", "pcnet32" }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Paravirtual drivers that can run more than one queue pair, for the single-queue advisory.</summary>
    public static readonly FrozenSet<string> Multiqueue =
        new[] { Vmxnet3, VirtioNet, HvNetvsc, Gve, "ena", "mana" }.ToFrozenSet(StringComparer.Ordinal);
}
