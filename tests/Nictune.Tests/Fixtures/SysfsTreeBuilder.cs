using System.Globalization;
using System.Text;
using Nictune.Linux.IO;

namespace Nictune.Tests.Fixtures;

/// <summary>
/// Lays out a sysfs/procfs tree in a temp directory the way the kernel does: netdevs live under their parent
/// device (<c>/sys/devices/…/net/&lt;if&gt;</c>), and every link the kernel makes (class/net, device, driver,
/// subsystem, master, upper_*/lower_*) is a relative symlink, so resolving them exercises the real code paths.
/// Paths given to and returned from this class are in system form (<c>/sys/…</c>).
/// </summary>
public sealed class SysfsTreeBuilder : IDisposable
{
    public const string NetvscClassId = "{f8615163-df3e-46c5-913f-f2d2f965ed0e}";
    public const string PciPassthroughClassId = "{44c4f61d-4444-4400-9d52-802e27ede19f}";
    public const string VmbusRoot = "/sys/devices/LNXSYSTM:00/LNXSYBUS:00/ACPI0004:00/VMBUS:00";
    private const string DefaultPciRoot = "/sys/devices/pci0000:00";
    private const int ArphrdEther = 1;

    private readonly DirectoryInfo dir = Directory.CreateTempSubdirectory("nictune-sysfs-");
    private readonly Dictionary<string, string> netdevDirs = new(StringComparer.Ordinal);
    private int nextIfIndex = 1;
    private int nextIrq = 24;

    public SysfsTreeBuilder()
    {
        Directory.CreateDirectory(Map("/sys/class/net"));
        Directory.CreateDirectory(Map("/sys/bus/pci/devices"));
        Directory.CreateDirectory(Map("/proc"));
    }

    public string Root => dir.FullName;

    public SystemRoot SystemRoot => new(Root);

    public string Map(string systemPath) => Path.Join(Root, systemPath.TrimStart('/'));

    /// <summary>/proc/cpuinfo with one block per CPU, and /sys/devices/system/cpu/online.</summary>
    public SysfsTreeBuilder Cpus(int count, bool hypervisorFlag)
    {
        var flags = "fpu vme de pse tsc msr pae mce cx8 apic sep" + (hypervisorFlag ? " hypervisor" : string.Empty) + " lahf_lm abm";
        var cpuinfo = new StringBuilder();
        for (var cpu = 0; cpu < count; cpu++)
        {
            cpuinfo.Append(CultureInfo.InvariantCulture, $"processor\t: {cpu}\nvendor_id\t: GenuineIntel\nmodel name\t: Fixture CPU\nflags\t\t: {flags}\n\n");
        }

        WriteFile("/proc/cpuinfo", cpuinfo.ToString());
        WriteFile("/sys/devices/system/cpu/online", count == 1 ? "0" : $"0-{count - 1}");
        return this;
    }

    public SysfsTreeBuilder Dmi(string sysVendor, string productName, string? chassisAssetTag = null)
    {
        WriteFile("/sys/devices/virtual/dmi/id/sys_vendor", sysVendor);
        WriteFile("/sys/devices/virtual/dmi/id/product_name", productName);
        WriteFile("/sys/devices/virtual/dmi/id/chassis_asset_tag", chassisAssetTag ?? string.Empty);
        Directory.CreateDirectory(Map("/sys/class/dmi"));
        Symlink("/sys/class/dmi/id", "/sys/devices/virtual/dmi/id");
        return this;
    }

    public SysfsTreeBuilder HypervisorType(string type) => WriteFile("/sys/hypervisor/type", type);

    /// <summary>The clocksources the kernel offers, as <c>available_clocksource</c> lists them.</summary>
    public SysfsTreeBuilder Clocksources(string available) =>
        WriteFile("/sys/devices/system/clocksource/clocksource0/available_clocksource", available);

    /// <summary>
    /// A PCI function under <paramref name="parent"/> (the root complex by default), with its bus/pci/devices link,
    /// subsystem and (when bound) driver links. Returns the function's directory.
    /// </summary>
    public string PciFunction(
        string address,
        string id,
        string subsystem,
        string? driver,
        string? parent = null,
        string pciClass = "0x020000",
        int msiVectors = 3,
        int numaNode = -1,
        string localCpus = "0-3")
    {
        var (vendor, device) = Split(id);
        var (subVendor, subDevice) = Split(subsystem);
        var function = $"{parent ?? DefaultPciRoot}/{address}";
        WriteFile($"{function}/vendor", $"0x{vendor}");
        WriteFile($"{function}/device", $"0x{device}");
        WriteFile($"{function}/subsystem_vendor", $"0x{subVendor}");
        WriteFile($"{function}/subsystem_device", $"0x{subDevice}");
        WriteFile($"{function}/class", pciClass);
        WriteFile($"{function}/numa_node", numaNode.ToString(CultureInfo.InvariantCulture));
        WriteFile($"{function}/local_cpulist", localCpus);
        Directory.CreateDirectory(Map($"{function}/msi_irqs"));
        for (var i = 0; i < msiVectors; i++)
        {
            WriteFile($"{function}/msi_irqs/{nextIrq++}", "msix");
        }

        Directory.CreateDirectory(Map("/sys/bus/pci"));
        Symlink($"{function}/subsystem", "/sys/bus/pci");
        Symlink($"/sys/bus/pci/devices/{address}", function);
        if (driver is not null)
        {
            BindDriver(function, "pci", driver);
        }

        return function;
    }

    /// <summary>A virtio device (<c>virtioN</c>) of a virtio PCI function; device id 1 is a network device.</summary>
    public string VirtioDevice(string pciFunction, int index, string? driver = "virtio_net", string? features = null)
    {
        var device = $"{pciFunction}/virtio{index.ToString(CultureInfo.InvariantCulture)}";
        WriteFile($"{device}/device", "0x0001");
        WriteFile($"{device}/vendor", "0x1af4");
        WriteFile($"{device}/features", features ?? VirtioFeatures(standby: false));
        Directory.CreateDirectory(Map("/sys/bus/virtio"));
        Symlink($"{device}/subsystem", "/sys/bus/virtio");
        if (driver is not null)
        {
            BindDriver(device, "virtio", driver);
        }

        return device;
    }

    /// <summary>virtio's features file: one character per bit; bit 62 is VIRTIO_NET_F_STANDBY.</summary>
    public static string VirtioFeatures(bool standby)
    {
        var bits = new char[64];
        Array.Fill(bits, '0');
        bits[0] = '1'; // VIRTIO_NET_F_CSUM
        bits[5] = '1'; // VIRTIO_NET_F_MAC
        bits[32] = '1'; // VIRTIO_F_VERSION_1
        bits[62] = standby ? '1' : '0';
        return new string(bits);
    }

    /// <summary>A VMBus child device, as Hyper-V offers netvsc (and the VF's PCI bridge) to the guest.</summary>
    public string VmbusDevice(string instanceGuid, string classId, string? driver)
    {
        var device = $"{VmbusRoot}/{instanceGuid}";
        WriteFile($"{device}/class_id", classId);
        WriteFile($"{device}/device_id", "{" + instanceGuid + "}");
        Directory.CreateDirectory(Map("/sys/bus/vmbus"));
        Symlink($"{device}/subsystem", "/sys/bus/vmbus");
        if (driver is not null)
        {
            BindDriver(device, "vmbus", driver);
        }

        return device;
    }

    /// <summary>
    /// A netdev under <paramref name="parentDevice"/> (null: a software interface under /sys/devices/virtual/net),
    /// with its class/net link and the files discovery reads. Returns its directory.
    /// </summary>
    public string Netdev(string name, string? parentDevice, NetdevOptions? options = null)
    {
        var o = options ?? new NetdevOptions();
        var netdev = parentDevice is null ? $"/sys/devices/virtual/net/{name}" : $"{parentDevice}/net/{name}";
        var ifIndex = nextIfIndex++;
        WriteFile($"{netdev}/ifindex", Int(ifIndex));
        WriteFile($"{netdev}/iflink", Int(o.IfLink ?? ifIndex));
        WriteFile($"{netdev}/address", o.Mac ?? $"00:50:56:00:00:{ifIndex:x2}");
        WriteFile($"{netdev}/mtu", Int(o.Mtu));
        WriteFile($"{netdev}/operstate", o.OperState);
        WriteFile($"{netdev}/speed", o.Speed);
        WriteFile($"{netdev}/tx_queue_len", Int(o.TxQueueLen));
        WriteFile($"{netdev}/type", Int(o.Type ?? ArphrdEther));
        WriteFile($"{netdev}/uevent", $"INTERFACE={name}\nIFINDEX={Int(ifIndex)}\n" + (o.DevType is null ? string.Empty : $"DEVTYPE={o.DevType}\n"));
        if (o.PhysPortName is not null)
        {
            WriteFile($"{netdev}/phys_port_name", o.PhysPortName);
        }

        for (var q = 0; q < o.RxQueues; q++)
        {
            WriteFile($"{netdev}/queues/rx-{Int(q)}/rps_cpus", "0");
        }

        for (var q = 0; q < o.TxQueues; q++)
        {
            WriteFile($"{netdev}/queues/tx-{Int(q)}/xps_cpus", "0");
        }

        foreach (var extra in o.Directories)
        {
            Directory.CreateDirectory(Map($"{netdev}/{extra}"));
        }

        if (parentDevice is not null)
        {
            Symlink($"{netdev}/device", parentDevice);
        }

        Symlink($"/sys/class/net/{name}", netdev);
        netdevDirs[name] = netdev;
        return netdev;
    }

    /// <summary>Makes <paramref name="lower"/> a slave of <paramref name="master"/>: master, upper_ and lower_ links.</summary>
    public SysfsTreeBuilder Enslave(string lower, string master)
    {
        Symlink($"{netdevDirs[lower]}/master", netdevDirs[master]);
        return Stack(upper: master, lower: lower);
    }

    /// <summary>Adjacency without a master (a vlan over its real device): upper_ and lower_ links only.</summary>
    public SysfsTreeBuilder Stack(string upper, string lower)
    {
        Symlink($"{netdevDirs[lower]}/upper_{upper}", netdevDirs[upper]);
        Symlink($"{netdevDirs[upper]}/lower_{lower}", netdevDirs[lower]);
        return this;
    }

    public string NetdevDir(string name) => netdevDirs[name];

    public SysfsTreeBuilder WriteFile(string systemPath, string content)
    {
        var path = Map(systemPath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content + "\n");
        return this;
    }

    public SysfsTreeBuilder Delete(string systemPath)
    {
        File.Delete(Map(systemPath));
        return this;
    }

    /// <summary>
    /// Makes a file unreadable in a way that holds even for root (tests run as root, so mode bits would not):
    /// a read of a directory fails with an I/O error, as sysfs attributes do (EINVAL, EOPNOTSUPP).
    /// </summary>
    public SysfsTreeBuilder MakeUnreadable(string systemPath)
    {
        var path = Map(systemPath);
        File.Delete(path);
        Directory.CreateDirectory(path);
        return this;
    }

    /// <summary>
    /// A relative symlink at <paramref name="linkPath"/> to <paramref name="target"/>, spelled as kernfs spells it:
    /// up to the common ancestor with the target's parent, then down, so <c>net/eth0/device</c> is
    /// <c>../../../virtio2</c> rather than <c>../..</c>.
    /// </summary>
    public SysfsTreeBuilder Symlink(string linkPath, string target)
    {
        var link = Map(linkPath);
        var linkDir = Path.GetDirectoryName(link)!;
        Directory.CreateDirectory(linkDir);
        var mapped = Map(target).TrimEnd('/');
        var up = Path.GetRelativePath(linkDir, Path.GetDirectoryName(mapped)!);
        var name = Path.GetFileName(mapped);
        File.CreateSymbolicLink(link, up == "." ? name : $"{up}/{name}");
        return this;
    }

    public void Dispose() => dir.Delete(recursive: true);

    private void BindDriver(string device, string bus, string driver)
    {
        var driverDir = $"/sys/bus/{bus}/drivers/{driver}";
        Directory.CreateDirectory(Map(driverDir));
        Symlink($"{device}/driver", driverDir);
    }

    private static (string Vendor, string Device) Split(string id)
    {
        var parts = id.Split(':');
        return (parts[0], parts[1]);
    }

    private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);
}
