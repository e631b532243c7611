using Nictune.Core.Model;
using Nictune.Linux.IO;

namespace Nictune.Linux.Sysfs;

/// <summary>
/// Reads the facts of one netdev from /sys/class/net/&lt;if&gt; and its parent device. Class and failover role
/// are left for the classifier. Every file is optional: what cannot be read stays null.
/// </summary>
internal static class NetInterfaceReader
{
    private const string DevTypeKey = "DEVTYPE=";
    private const int ArphrdLoopback = 772;

    public static NetInterface Read(SystemRoot root, string name, IDriverInfoSource? driverInfo)
    {
        var dir = SysfsPaths.Join(SysfsPaths.ClassNet, name);
        var ifIndex = root.ReadInt32(SysfsPaths.Join(dir, SysfsPaths.Net.IfIndex));

        // No device link means a software interface (docs/drivers.md §3); ResolvePath follows the kernel's relative links.
        var devicePath = root.ResolvePath(SysfsPaths.Join(dir, SysfsPaths.Net.Device));
        var functionPath = devicePath is null ? null : PciFunctionReader.FindFunction(root, devicePath);
        var info = driverInfo?.GetDriverInfo(name);

        return new NetInterface
        {
            Name = name,
            // A software device has no driver link; on a live system ethtool still names its driver (veth, bridge).
            Driver = devicePath is null ? NonEmpty(info?.Driver) : LinkName(root, SysfsPaths.Join(devicePath, SysfsPaths.Device.Driver)),
            Pci = functionPath is null ? null : PciFunctionReader.ReadInfo(root, functionPath),
            Queues = ReadQueues(root, dir),
            Mtu = root.ReadInt32(SysfsPaths.Join(dir, SysfsPaths.Net.Mtu)),
            OperState = NonEmpty(root.ReadTrimmed(SysfsPaths.Join(dir, SysfsPaths.Net.OperState))),
            Master = LinkName(root, SysfsPaths.Join(dir, SysfsPaths.Net.Master)),
            IfIndex = ifIndex,
            Mac = NonEmpty(root.ReadTrimmed(SysfsPaths.Join(dir, SysfsPaths.Net.Address))),
            // The kernel reports -1 (or fails the read with EINVAL) when the link is down or the driver cannot tell.
            Speed = root.ReadInt64(SysfsPaths.Join(dir, SysfsPaths.Net.Speed)) is { } speed and >= 0 ? speed : null,
            TxQueueLen = root.ReadInt32(SysfsPaths.Join(dir, SysfsPaths.Net.TxQueueLen)),
            Bus = devicePath is null ? null : ReadBus(root, devicePath, functionPath),
            DevicePath = devicePath,
            DriverVersion = NonEmpty(info?.Version),
            Firmware = NonEmpty(info?.Firmware),
            NumaNode = functionPath is null ? null : PciFunctionReader.ReadNumaNode(root, functionPath),
            LocalCpus = functionPath is null ? null : PciFunctionReader.ReadLocalCpus(root, functionPath),
            MsiIrqs = functionPath is null ? [] : PciFunctionReader.ReadMsiIrqs(root, functionPath),
            Uppers = Adjacent(root, dir, SysfsPaths.Net.UpperPrefix),
            Lowers = Adjacent(root, dir, SysfsPaths.Net.LowerPrefix),
            // Most drivers fail this read with EOPNOTSUPP; virtio_net answers "sby" for a failover standby.
            PhysPortName = NonEmpty(root.ReadTrimmed(SysfsPaths.Join(dir, SysfsPaths.Net.PhysPortName))),
            Kind = ReadKind(root, dir, devicePath is not null, ifIndex),
        };
    }

    private static QueueCounts ReadQueues(SystemRoot root, string dir)
    {
        var entries = root.List(SysfsPaths.Join(dir, SysfsPaths.Net.Queues));
        return new QueueCounts(
            entries.Count(e => e.StartsWith(SysfsPaths.Net.RxQueuePrefix, StringComparison.Ordinal)),
            entries.Count(e => e.StartsWith(SysfsPaths.Net.TxQueuePrefix, StringComparison.Ordinal)));
    }

    /// <summary>The bus of the parent device: its subsystem link's name, else what the device's place implies.</summary>
    private static string? ReadBus(SystemRoot root, string devicePath, string? functionPath)
    {
        if (LinkName(root, SysfsPaths.Join(devicePath, SysfsPaths.Device.Subsystem)) is { } bus)
        {
            return bus;
        }

        if (functionPath == devicePath)
        {
            return "pci";
        }

        return functionPath is not null ? "virtio" : null;
    }

    /// <summary>The names behind <c>upper_*</c> or <c>lower_*</c> links, sorted ordinally.</summary>
    private static List<string> Adjacent(SystemRoot root, string dir, string prefix) =>
        root.List(dir)
            .Where(e => e.StartsWith(prefix, StringComparison.Ordinal) && e.Length > prefix.Length)
            .Select(e => e[prefix.Length..])
            .ToList();

    /// <summary>
    /// The link kind where sysfs shows it: the netdev's DEVTYPE (bridge, bond, vlan, macvlan, wlan, …), the
    /// bridge/bonding/tun directories, loopback's ARPHRD type, and for veth (which sets no DEVTYPE) an
    /// <c>iflink</c> naming its peer.
    /// </summary>
    private static string? ReadKind(SystemRoot root, string dir, bool hasDevice, int? ifIndex)
    {
        var uevent = root.ReadTrimmed(SysfsPaths.Join(dir, SysfsPaths.Net.Uevent));
        if (uevent is not null)
        {
            foreach (var line in uevent.Split('\n', StringSplitOptions.TrimEntries))
            {
                if (line.StartsWith(DevTypeKey, StringComparison.Ordinal) && line.Length > DevTypeKey.Length)
                {
                    return line[DevTypeKey.Length..];
                }
            }
        }

        if (hasDevice)
        {
            return null;
        }

        if (root.DirectoryExists(SysfsPaths.Join(dir, SysfsPaths.Net.BridgeDir)))
        {
            return "bridge";
        }

        if (root.DirectoryExists(SysfsPaths.Join(dir, SysfsPaths.Net.BondingDir)))
        {
            return "bond";
        }

        if (root.Exists(SysfsPaths.Join(dir, SysfsPaths.Net.TunFlags)))
        {
            return "tun";
        }

        if (root.ReadInt32(SysfsPaths.Join(dir, SysfsPaths.Net.Type)) == ArphrdLoopback)
        {
            return "loopback";
        }

        // A hint, not proof: other stacked devices also point iflink elsewhere, but those set a DEVTYPE.
        var ifLink = root.ReadInt32(SysfsPaths.Join(dir, SysfsPaths.Net.IfLink));
        return ifLink is > 0 && ifIndex is not null && ifLink != ifIndex ? "veth" : null;
    }

    private static string? LinkName(SystemRoot root, string path) =>
        root.ReadLink(path) is { Length: > 0 } target ? Path.GetFileName(target.TrimEnd('/')) : null;

    private static string? NonEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;
}
