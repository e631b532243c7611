namespace Nictune.Linux.Sysfs;

/// <summary>
/// Every sysfs and procfs path discovery reads (docs/drivers.md §3), in system form; <see cref="IO.SystemRoot"/> re-roots them.
/// File names inside a directory are kept separate so one list shows exactly what the kernel is asked for.
/// </summary>
internal static class SysfsPaths
{
    public const string ClassNet = "/sys/class/net";
    public const string PciDevices = "/sys/bus/pci/devices";
    public const string CpuInfo = "/proc/cpuinfo";
    public const string DmiSysVendor = "/sys/class/dmi/id/sys_vendor";
    public const string DmiProductName = "/sys/class/dmi/id/product_name";
    public const string DmiChassisAssetTag = "/sys/class/dmi/id/chassis_asset_tag";
    public const string HypervisorType = "/sys/hypervisor/type";
    public const string AvailableClocksource = "/sys/devices/system/clocksource/clocksource0/available_clocksource";
    public const string CpusOnline = "/sys/devices/system/cpu/online";

    /// <summary>Files under /sys/class/net/&lt;if&gt;.</summary>
    public static class Net
    {
        public const string IfIndex = "ifindex";
        public const string IfLink = "iflink";
        public const string Address = "address";
        public const string Mtu = "mtu";
        public const string OperState = "operstate";

        /// <summary>1 while the carrier is up (IFF_LOWER_UP); reading it fails with EINVAL while the interface is down.</summary>
        public const string Carrier = "carrier";
        public const string RxPackets = "statistics/rx_packets";
        public const string Speed = "speed";
        public const string TxQueueLen = "tx_queue_len";
        public const string Queues = "queues";
        public const string RxQueuePrefix = "rx-";
        public const string TxQueuePrefix = "tx-";
        public const string Device = "device";
        public const string Master = "master";
        public const string UpperPrefix = "upper_";
        public const string LowerPrefix = "lower_";
        public const string PhysPortName = "phys_port_name";
        public const string Uevent = "uevent";
        public const string Type = "type";
        public const string BridgeDir = "bridge";
        public const string BondingDir = "bonding";
        public const string TunFlags = "tun_flags";
    }

    /// <summary>Files in any bus device directory.</summary>
    public static class Device
    {
        public const string Driver = "driver";
        public const string Subsystem = "subsystem";
    }

    /// <summary>Files in a PCI function's directory.</summary>
    public static class Pci
    {
        public const string Vendor = "vendor";
        public const string Device = "device";
        public const string SubsystemVendor = "subsystem_vendor";
        public const string SubsystemDevice = "subsystem_device";
        public const string Class = "class";
        public const string NumaNode = "numa_node";
        public const string LocalCpulist = "local_cpulist";
        public const string MsiIrqs = "msi_irqs";
    }

    /// <summary>Joins a directory in system form with one or more names below it.</summary>
    public static string Join(string directory, params ReadOnlySpan<string> names)
    {
        var path = directory;
        foreach (var name in names)
        {
            path = $"{path}/{name}";
        }

        return path;
    }
}
