using System.Collections.Frozen;
using Nictune.Core.Model;

namespace Nictune.Core.Classification;

/// <summary>
/// The one table of PCI IDs nictune classifies by (docs/drivers.md §2, read from the Linux 6.12 drivers' ID tables).
/// IDs are 4 lowercase hex digits. A device missing here still gets a class from its driver name.
/// </summary>
public static class PciIds
{
    public const string Intel = "8086";
    public const string VMware = "15ad";
    public const string RedHat = "1af4";
    public const string Microsoft = "1414";
    public const string Mellanox = "15b3";
    public const string Broadcom = "14e4";
    public const string Amazon = "1d0f";
    public const string Google = "1ae0";
    public const string XenSource = "5853";
    public const string Parallels = "1ab8";
    public const string Innotek = "80ee";
    public const string Realtek = "10ec";
    public const string Amd = "1022";

    /// <summary>An ID register left at zero: no subsystem vendor or device was assigned.</summary>
    private const string NoId = "0000";

    /// <summary>What a read of an absent function's ID register returns.</summary>
    private const string AbsentId = "ffff";

    /// <summary>
    /// Subsystem vendors that hypervisors stamp on some of the devices they emulate (QEMU's e1000 1af4:1100, VMware's
    /// 15ad:0750). Not all: QEMU's e1000e carries Intel's own vendor with no board ID, 8086:0000 (docs/drivers.md §2),
    /// so the absence of these vendors says nothing; see <see cref="NamesABoard"/>.
    /// </summary>
    private static readonly FrozenSet<string> HypervisorSubsystemVendors =
        new[] { VMware, RedHat, Microsoft, XenSource, Parallels, Innotek }.ToFrozenSet(StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, KnownPciDevice> Table = Build().ToFrozenDictionary(
        d => Key(d.Vendor, d.Device), StringComparer.Ordinal);

    /// <summary>Every known ID, for documentation and tests.</summary>
    public static IEnumerable<KnownPciDevice> All => Table.Values;

    /// <summary>The entry for a vendor:device pair, or null when nictune does not know it.</summary>
    public static KnownPciDevice? Lookup(string? vendor, string? device) =>
        vendor is null || device is null ? null : Table.GetValueOrDefault(Key(vendor, device));

    public static bool IsHypervisorSubsystemVendor(string? subsystemVendor) =>
        subsystemVendor is not null && HypervisorSubsystemVendors.Contains(subsystemVendor.ToLowerInvariant());

    /// <summary>
    /// Whether the subsystem ID names a board: a vendor that is no hypervisor's, and not the bare chip (the chip
    /// vendor's own ID with subsystem device 0000, or no subsystem at all). A NIC passed through keeps the ID its
    /// board maker gave it; an emulated one has a hypervisor's ID or a bare one.
    /// </summary>
    public static bool NamesABoard(PciInfo pci)
    {
        ArgumentNullException.ThrowIfNull(pci);
        var vendor = pci.SubsystemVendor?.ToLowerInvariant();
        if (vendor is null or NoId or AbsentId || IsHypervisorSubsystemVendor(vendor))
        {
            return false;
        }

        return !string.Equals(vendor, pci.Vendor, StringComparison.OrdinalIgnoreCase) || pci.SubsystemDevice?.ToLowerInvariant() is not (null or NoId);
    }

    private static string Key(string vendor, string device) => $"{vendor.ToLowerInvariant()}:{device.ToLowerInvariant()}";

    private static IEnumerable<KnownPciDevice> Build()
    {
        static IEnumerable<KnownPciDevice> Ids(string vendor, string driver, PciDeviceKind kind, params string[] devices) =>
            devices.Select(device => new KnownPciDevice(vendor, device, driver, kind));

        return
        [
            // Paravirtual. virtio-net's PCI function is bound by virtio_pci; the netdev's driver is virtio_net.
            .. Ids(VMware, DriverNames.Vmxnet3, PciDeviceKind.Paravirtual, "07b0"),
            .. Ids(RedHat, DriverNames.VirtioNet, PciDeviceKind.Paravirtual, "1000", "1041"),
            .. Ids(Google, DriverNames.Gve, PciDeviceKind.Paravirtual, "0042"),

            // Emulated models: 82540EM (QEMU's default e1000), 82545EM (VMware's E1000), 82574L (E1000E),
            // and the legacy ones that in practice only exist inside hypervisors.
            .. Ids(Intel, DriverNames.E1000, PciDeviceKind.Emulated, "100e", "100f"),
            .. Ids(Intel, DriverNames.E1000e, PciDeviceKind.Emulated, "10d3"),
            .. Ids(Realtek, DriverNames.Rtl8139cp, PciDeviceKind.Emulated, "8139"),
            .. Ids(Realtek, DriverNames.Ne2kPci, PciDeviceKind.Emulated, "8029"),
            .. Ids(Amd, DriverNames.Pcnet32, PciDeviceKind.Emulated, "2000"),

            // SR-IOV virtual functions. mlx5_core and bnxt_en drive PFs and VFs alike, so only the ID tells.
            .. Ids(Intel, DriverNames.Ixgbevf, PciDeviceKind.VirtualFunction,
                "10ed", "152e", "1515", "1530", "1565", "1564", "15a8", "15a9", "15c5", "57ad"),
            .. Ids(Intel, DriverNames.Iavf, PciDeviceKind.VirtualFunction, "154c", "1571", "37cd", "1889"),
            .. Ids(Mellanox, DriverNames.Mlx5Core, PciDeviceKind.VirtualFunction,
                "1012", "1014", "1016", "1018", "101a", "101c", "101e", "a2d3"),
            .. Ids(Broadcom, DriverNames.BnxtEn, PciDeviceKind.VirtualFunction,
                "1606", "1607", "1608", "1609", "16bd", "16c1", "16c2", "16c3", "16c4", "16c5", "16cb", "16d3",
                "16dc", "16e1", "16e5", "16e6", "1806", "1807", "1808", "1809", "1819", "181b", "d800"),
            .. Ids(Amazon, DriverNames.Ena, PciDeviceKind.VirtualFunction, "ec20", "ec21"),
            .. Ids(Microsoft, DriverNames.Mana, PciDeviceKind.VirtualFunction, "00ba"),

            // Physical functions.
            .. Ids(Mellanox, DriverNames.Mlx5Core, PciDeviceKind.PhysicalFunction,
                "1013", "1015", "1017", "1019", "101b", "101d", "101f", "1021"),
            .. Ids(Amazon, DriverNames.Ena, PciDeviceKind.PhysicalFunction, "0ec2", "1ec2"),
            .. Ids(Microsoft, DriverNames.Mana, PciDeviceKind.PhysicalFunction, "00b9"),
            .. Ids(Intel, DriverNames.Ice, PciDeviceKind.PhysicalFunction, "1592", "1593", "159b"),
            .. Ids(Intel, DriverNames.I40e, PciDeviceKind.PhysicalFunction, "1572", "1583", "158b"),
            .. Ids(Intel, DriverNames.Ixgbe, PciDeviceKind.PhysicalFunction, "10fb", "1528", "1563"),
        ];
    }
}
