using Nictune.Core.Model;

namespace Nictune.Core.Classification;

/// <summary>
/// Gives every interface exactly one <see cref="NicClass"/> (docs/drivers.md §1) and its failover role.
/// Pure: it sees only the facts discovery gathered, so it is tested without a kernel.
/// </summary>
public static class InterfaceClassifier
{
    /// <summary>What virtio_net reports as <c>phys_port_name</c> for the standby half of a STANDBY failover.</summary>
    public const string StandbyPortName = "sby";

    /// <summary>Classifies every interface and returns them ordered by name (ordinal).</summary>
    public static IReadOnlyList<NetInterface> Classify(IReadOnlyList<NetInterface> interfaces, Hypervisor hypervisor)
    {
        ArgumentNullException.ThrowIfNull(interfaces);

        var byName = new Dictionary<string, NetInterface>(StringComparer.Ordinal);
        foreach (var nic in interfaces)
        {
            byName[nic.Name] = nic;
        }

        // Found once up front: a node with thousands of veths on one bridge must not rescan them per interface.
        var failoverMasters = interfaces.Where(i => IsNetFailoverMaster(i, byName)).Select(i => i.Name).ToHashSet(StringComparer.Ordinal);
        var netvscMasters = interfaces
            .Where(i => i.Master is not null && HasDevice(i) && i.Driver != DriverNames.HvNetvsc
                && byName.TryGetValue(i.Master, out var m) && m.Driver == DriverNames.HvNetvsc)
            .Select(i => i.Master!)
            .ToHashSet(StringComparer.Ordinal);

        var result = new List<NetInterface>(interfaces.Count);
        foreach (var nic in interfaces)
        {
            if (failoverMasters.Contains(nic.Name))
            {
                // net_failover hands the master its standby's parent device, so what discovery read through that
                // link describes the virtio device, not the master. The master has no rings, channels or
                // coalescing of its own: it is software, and the lower devices are what gets tuned.
                result.Add(nic with
                {
                    Class = NicClass.Software,
                    Failover = FailoverRole.Master,
                    Driver = DriverNames.NetFailover,
                    Pci = null,
                    Bus = null,
                    DevicePath = null,
                    NumaNode = null,
                    LocalCpus = null,
                    MsiIrqs = [],
                });
                continue;
            }

            result.Add(nic with { Class = ClassOf(nic, hypervisor), Failover = RoleOf(nic, byName, failoverMasters, netvscMasters) });
        }

        result.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return result;
    }

    /// <summary>The class of one interface from its own facts (failover masters need the whole set: see <see cref="Classify"/>).</summary>
    public static NicClass ClassOf(NetInterface nic, Hypervisor hypervisor)
    {
        ArgumentNullException.ThrowIfNull(nic);

        if (nic.DevicePath is null && nic.Bus is null && nic.Pci is null)
        {
            return NicClass.Software;
        }

        if (nic.Driver is { } paravirtual && DriverNames.Paravirtual.Contains(paravirtual))
        {
            return NicClass.Paravirtual;
        }

        // The ID decides before the driver name: mlx5_core and bnxt_en bind both PFs and VFs. A guest never sees
        // a VF's physfn link (only the host has it), so that link is deliberately not consulted.
        if (nic.Pci is { } pci && PciIds.Lookup(pci.Vendor, pci.Device) is { } known)
        {
            return known.Kind switch
            {
                PciDeviceKind.Paravirtual => NicClass.Paravirtual,
                PciDeviceKind.VirtualFunction => NicClass.SriovVf,
                PciDeviceKind.PhysicalFunction => FunctionClass(hypervisor),
                _ => EmulatedClass(pci, hypervisor),
            };
        }

        if (nic.Driver is not { } driver)
        {
            return NicClass.Unknown;
        }

        if (DriverNames.VirtualFunctionOnly.Contains(driver))
        {
            return NicClass.SriovVf;
        }

        if (DriverNames.LegacyEmulated.Contains(driver))
        {
            return hypervisor == Hypervisor.None ? NicClass.Physical : NicClass.Emulated;
        }

        // Any other device-backed NIC driver binds a physical function.
        return FunctionClass(hypervisor);
    }

    private static NicClass FunctionClass(Hypervisor hypervisor) =>
        hypervisor == Hypervisor.None ? NicClass.Physical : NicClass.PassthroughPf;

    private static NicClass EmulatedClass(PciInfo pci, Hypervisor hypervisor)
    {
        // A hypervisor's subsystem vendor marks an emulation even when no hypervisor signal was readable.
        if (PciIds.IsHypervisorSubsystemVendor(pci.SubsystemVendor))
        {
            return NicClass.Emulated;
        }

        if (hypervisor == Hypervisor.None)
        {
            return NicClass.Physical;
        }

        // Under a hypervisor a model it emulates is emulated unless something positive says real silicon was passed
        // through: a board maker's subsystem ID. QEMU's e1000e has none (8086:0000, docs/drivers.md §1). The legacy
        // models (rtl8139, pcnet32, ne2k) are not sold as server NICs: under a hypervisor they are its emulations.
        return string.Equals(pci.Vendor, PciIds.Intel, StringComparison.OrdinalIgnoreCase) && PciIds.NamesABoard(pci)
            ? NicClass.PassthroughPf
            : NicClass.Emulated;
    }

    private static FailoverRole? RoleOf(
        NetInterface nic,
        Dictionary<string, NetInterface> byName,
        HashSet<string> failoverMasters,
        HashSet<string> netvscMasters)
    {
        // Azure accelerated networking: the synthetic netvsc interface is the master of the VF under it.
        if (netvscMasters.Contains(nic.Name))
        {
            return FailoverRole.Master;
        }

        if (nic.Master is null)
        {
            return null;
        }

        if (failoverMasters.Contains(nic.Master))
        {
            return IsStandbyOf(nic, byName[nic.Master]) ? FailoverRole.Standby : FailoverRole.Primary;
        }

        return netvscMasters.Contains(nic.Master) && HasDevice(nic) && nic.Driver != DriverNames.HvNetvsc
            ? FailoverRole.Primary
            : null;
    }

    /// <summary>
    /// The net_failover master of a virtio STANDBY triple: a lower of it is the virtio standby, named by its
    /// <c>sby</c> port name or, if that file could not be read, by sharing the master's (borrowed) PCI function.
    /// </summary>
    private static bool IsNetFailoverMaster(NetInterface nic, Dictionary<string, NetInterface> byName)
    {
        if (nic.Master is not null)
        {
            return false;
        }

        foreach (var lowerName in nic.Lowers)
        {
            if (byName.TryGetValue(lowerName, out var lower) && lower.Master == nic.Name && IsStandbyOf(lower, nic))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsStandbyOf(NetInterface lower, NetInterface master) =>
        lower.PhysPortName == StandbyPortName
        || (lower.Driver == DriverNames.VirtioNet && lower.Pci is not null && lower.Pci.Address == master.Pci?.Address);

    private static bool HasDevice(NetInterface nic) => nic.DevicePath is not null || nic.Bus is not null || nic.Pci is not null;
}
