using Nictune.Core.Model;
using Nictune.Linux.IO;
using Nictune.Linux.Netlink;

namespace Nictune.Linux.Sysfs;

/// <summary>
/// Reads the facts of one netdev from /sys/class/net/&lt;if&gt; and its parent device. Class and failover role
/// are left for the classifier. Every file is optional: what cannot be read stays null. On the live system the scalar
/// facts rtnetlink also reports (index, MTU, operstate, address, txqueuelen, master, phys_port_name, the ARPHRD type
/// and iflink) come from the pass's one link dump instead, in the form sysfs would give them, a software device's
/// speed from one ETHTOOL_GSET and a veth's queue counts from one ETHTOOL_GCHANNELS (docs/discovery.md); a value the
/// dump lacks is read from sysfs as before.
/// </summary>
internal static class NetInterfaceReader
{
    private const string DevTypeKey = "DEVTYPE=";
    private const int ArphrdLoopback = 772;
    private const string VethDriver = "veth";

    /// <param name="entries">
    /// The names in the interface's directory, listed once by the caller, or null when it could not be listed. A name
    /// absent from the listing is a file absent from the directory, so its read, link or check costs nothing.
    /// </param>
    /// <param name="directory">The directory's descriptor from that listing (live root only), for relative reads.</param>
    /// <param name="links">The live system's link dump (live root only), or null to read sysfs alone.</param>
    public static NetInterface Read(
        SystemRoot root, string name, IReadOnlyList<string>? entries, IDriverInfoSource? driverInfo, SafeFileDescriptor? directory = null, LinkSnapshot? links = null)
    {
        var dir = SysfsPaths.Join(SysfsPaths.ClassNet, name);
        var listed = new ListedDirectory(root, dir, entries, directory);
        LinkMessage? link = links is not null && links.TryGet(name, out var dumped) ? dumped : null;
        var ifIndex = link?.IfIndex ?? listed.ReadInt32(SysfsPaths.Net.IfIndex);

        // No device link means a software interface (docs/drivers.md §3); ResolvePath follows the kernel's relative links.
        var devicePath = listed.ResolvePath(SysfsPaths.Net.Device);
        var functionPath = devicePath is null ? null : PciFunctionReader.FindFunction(root, devicePath);
        var info = driverInfo?.GetDriverInfo(name);

        return new NetInterface
        {
            Name = name,
            // A software device has no driver link; on a live system ethtool still names its driver (veth, bridge).
            Driver = devicePath is null ? NonEmpty(info?.Driver) : LinkName(root, SysfsPaths.Join(devicePath, SysfsPaths.Device.Driver)),
            Pci = functionPath is null ? null : PciFunctionReader.ReadInfo(root, functionPath),
            Queues = ReadQueues(root, dir, directory, name, devicePath is null && link is not null ? info?.Driver : null, driverInfo),
            Mtu = link?.Attributes.Mtu is { } mtu ? LinkFacts.AsPrinted(mtu) : listed.ReadInt32(SysfsPaths.Net.Mtu),
            OperState = link?.Attributes.OperState is { } state && LinkFacts.OperState(state) is { } operState
                ? operState
                : NonEmpty(listed.ReadTrimmed(SysfsPaths.Net.OperState)),
            Master = ReadMaster(root, listed, dir, link, links),
            IfIndex = ifIndex,
            // No IFLA_ADDRESS means an address of length 0, which the address file shows as an empty line.
            Mac = link is { } withAddress ? withAddress.Attributes.Address : NonEmpty(listed.ReadTrimmed(SysfsPaths.Net.Address)),
            // The kernel reports -1 (or fails the read with EINVAL) when the link is down or the driver cannot tell.
            Speed = ReadSpeed(listed, name, devicePath is not null, link, driverInfo) is { } speed and >= 0 ? speed : null,
            TxQueueLen = link?.TxQueueLength is { } txQueueLen ? LinkFacts.AsPrinted(txQueueLen) : listed.ReadInt32(SysfsPaths.Net.TxQueueLen),
            Bus = devicePath is null ? null : ReadBus(root, devicePath, functionPath),
            DevicePath = devicePath,
            DriverVersion = NonEmpty(info?.Version),
            Firmware = NonEmpty(info?.Firmware),
            NumaNode = functionPath is null ? null : PciFunctionReader.ReadNumaNode(root, functionPath),
            LocalCpus = functionPath is null ? null : PciFunctionReader.ReadLocalCpus(root, functionPath),
            MsiIrqs = functionPath is null ? [] : PciFunctionReader.ReadMsiIrqs(root, functionPath),
            Uppers = Adjacent(entries ?? root.List(dir), SysfsPaths.Net.UpperPrefix),
            Lowers = Adjacent(entries ?? root.List(dir), SysfsPaths.Net.LowerPrefix),
            // Most drivers fail this read with EOPNOTSUPP (and leave IFLA_PHYS_PORT_NAME out); virtio_net answers "sby"
            // for a failover standby.
            PhysPortName = NonEmpty(link is { } withPort ? withPort.Attributes.PhysPortName : listed.ReadTrimmed(SysfsPaths.Net.PhysPortName)),
            Kind = ReadKind(listed, devicePath is not null, ifIndex, link),
        };
    }

    /// <summary>
    /// <paramref name="known"/>, as read before, with what changes without a link event of its own read again: uppers
    /// and lowers (from the fresh <paramref name="entries"/>), the queues and the MSI vectors (ethtool -L changes both).
    /// Class and failover role are the classifier's to set again.
    /// </summary>
    /// <param name="directory">The directory's descriptor from that listing (live root only), for relative reads.</param>
    public static NetInterface Refresh(SystemRoot root, NetInterface known, IReadOnlyList<string>? entries, SafeFileDescriptor? directory = null)
    {
        var dir = SysfsPaths.Join(SysfsPaths.ClassNet, known.Name);
        var listing = entries ?? root.List(dir);
        var functionPath = known.Pci is null || known.DevicePath is null ? null : PciFunctionReader.FindFunction(root, known.DevicePath);
        return known with
        {
            Class = NicClass.Unknown,
            Failover = null,
            Queues = ReadQueues(root, dir, directory),
            MsiIrqs = functionPath is null ? known.MsiIrqs : PciFunctionReader.ReadMsiIrqs(root, functionPath),
            Uppers = Adjacent(listing, SysfsPaths.Net.UpperPrefix),
            Lowers = Adjacent(listing, SysfsPaths.Net.LowerPrefix),
        };
    }

    /// <summary>
    /// The queues the <c>queues</c> directory lists. On the live system a veth's channel counts are the same numbers
    /// (<c>veth_get_channels()</c> reports <c>real_num_rx_queues</c> and <c>real_num_tx_queues</c>, which the directory
    /// has one entry each for; docs/discovery.md), and one GCHANNELS is cheaper than the listing.
    /// </summary>
    /// <param name="softwareDriver">The ethtool driver name of a software device on the live system; else null.</param>
    private static QueueCounts ReadQueues(
        SystemRoot root, string dir, SafeFileDescriptor? directory, string? name = null, string? softwareDriver = null, IDriverInfoSource? driverInfo = null)
    {
        if (softwareDriver == VethDriver && name is not null && driverInfo?.GetChannelCounts(name) is { } channels)
        {
            return new QueueCounts(channels.Rx, channels.Tx);
        }

        var entries = root.TryListAt(directory, dir, SysfsPaths.Net.Queues) ?? [];
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

    /// <summary>
    /// The speed file's value. For a software device the dump shows (no parent device for the ioctl to runtime-resume,
    /// and no driver that detaches it) the driver is asked with one ETHTOOL_GSET instead, while the device runs
    /// (IFF_UP), as the file asks it only then and fails otherwise (docs/discovery.md).
    /// </summary>
    private static long? ReadSpeed(ListedDirectory listed, string name, bool hasDevice, LinkMessage? link, IDriverInfoSource? driverInfo)
    {
        if (link is { } dumped && !hasDevice && driverInfo is not null)
        {
            return (dumped.Attributes.Flags & Interop.Rtnetlink.IFF_UP) != 0 ? driverInfo.GetLinkSpeed(name) : null;
        }

        return listed.ReadInt64(SysfsPaths.Net.Speed);
    }

    /// <summary>
    /// The master's name: from IFLA_MASTER's index where the dump names it (no IFLA_MASTER, no master link), else the
    /// <c>master</c> link's target.
    /// </summary>
    private static string? ReadMaster(SystemRoot root, ListedDirectory listed, string dir, LinkMessage? link, LinkSnapshot? links)
    {
        if (link is { } dumped && links is not null)
        {
            if (dumped.Attributes.Master is not { } master)
            {
                return null;
            }

            if (links.NameOf(master) is { } name)
            {
                return name;
            }
        }

        return listed.MayHave(SysfsPaths.Net.Master) ? LinkName(root, SysfsPaths.Join(dir, SysfsPaths.Net.Master)) : null;
    }

    /// <summary>The names behind <c>upper_*</c> or <c>lower_*</c> links, sorted ordinally (as the listing is).</summary>
    private static List<string> Adjacent(IReadOnlyList<string> entries, string prefix) =>
        entries
            .Where(e => e.StartsWith(prefix, StringComparison.Ordinal) && e.Length > prefix.Length)
            .Select(e => e[prefix.Length..])
            .ToList();

    /// <summary>
    /// The link kind: the netdev's DEVTYPE where its driver sets one (bridge, bond, vlan, wlan, …); else, for a software
    /// device on the live system, the kind the kernel gives the link in the dump (IFLA_INFO_KIND: veth, tun, macvlan,
    /// ipvlan, dummy, …); else what sysfs alone suggests: the bridge/bonding/tun directories, loopback's ARPHRD type,
    /// and for veth an <c>iflink</c> naming its peer. The uevent is not read for a software kind known to set no
    /// DEVTYPE (<see cref="LinkFacts.HasNoDevType"/>).
    /// </summary>
    private static string? ReadKind(ListedDirectory listed, bool hasDevice, int? ifIndex, LinkMessage? link)
    {
        var uevent = link is { } known && !hasDevice && LinkFacts.HasNoDevType(known) ? null : listed.ReadTrimmed(SysfsPaths.Net.Uevent);
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

        // The kernel's own name for the link (rtnl_link_ops->kind) where sysfs has only hints: a macvlan or an ipvlan
        // points its iflink at its lower device and sets no DEVTYPE, and would otherwise read as a veth.
        if (link?.Attributes.Kind is { Length: > 0 } linkKind)
        {
            return linkKind;
        }

        if (listed.DirectoryExists(SysfsPaths.Net.BridgeDir))
        {
            return "bridge";
        }

        if (listed.DirectoryExists(SysfsPaths.Net.BondingDir))
        {
            return "bond";
        }

        if (listed.Exists(SysfsPaths.Net.TunFlags))
        {
            return "tun";
        }

        if ((link is { } typed ? typed.Attributes.DeviceType : listed.ReadInt32(SysfsPaths.Net.Type)) == ArphrdLoopback)
        {
            return "loopback";
        }

        // A hint, not proof (sysfs alone, a fixture tree): a macvlan or an ipvlan also points iflink elsewhere and sets
        // no DEVTYPE, so it reads as a veth here; only the dump above tells them apart.
        var ifLink = link is { } linked ? LinkFacts.IfLink(linked) : listed.ReadInt32(SysfsPaths.Net.IfLink);
        return ifLink is > 0 && ifIndex is not null && ifLink != ifIndex ? "veth" : null;
    }

    private static string? LinkName(SystemRoot root, string path) =>
        root.ReadLink(path) is { Length: > 0 } target ? Path.GetFileName(target.TrimEnd('/')) : null;

    private static string? NonEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;
}
