using Nictune.Core.Advisories;
using Nictune.Core.Classification;
using Nictune.Core.Model;
using Nictune.Linux.IO;
using Nictune.Linux.Netlink;

namespace Nictune.Linux.Sysfs;

/// <summary>
/// <c>nictune detect</c>'s data: reads /sys/class/net, the PCI bus, DMI and cpuinfo under <see cref="Root"/>,
/// then hands the facts to the pure classifier and advisory rules. Read-only, and it never fails on a missing
/// or unreadable file: that field is null instead.
/// </summary>
/// <param name="root">Where sysfs and procfs are: <see cref="SystemRoot.Live"/> or a fixture tree.</param>
/// <param name="driverInfo">
/// Live driver facts from ethtool (version, firmware; with <paramref name="links"/> a software device's speed and a veth's
/// queues), or null to leave version and firmware null.
/// </param>
/// <param name="links">
/// The live system's rtnetlink links, for the scalar facts sysfs would need a file read each for (docs/discovery.md);
/// null to read sysfs alone. Only for <see cref="SystemRoot.Live"/>: a fixture tree has no kernel behind it.
/// </param>
public sealed class SysfsDiscovery(SystemRoot root, IDriverInfoSource? driverInfo = null, LiveLinkSource? links = null)
{
    private const int NetworkClass = 0x02;

    public SystemRoot Root { get; } = links is null || root.IsLive
        ? root
        : throw new ArgumentException($"netlink describes the running system, not the tree at {root.Root}", nameof(links));

    /// <summary>Reads everything afresh.</summary>
    public SystemInventory Discover() => Discover(cache: null, fill: null);

    /// <summary>
    /// Reads what <paramref name="cache"/> does not hold, and what changes without a link event of its own (the set of
    /// names, uppers and lowers, queues, MSI vectors, unbound PCI functions, online CPUs); takes the rest from it, and
    /// stores what it read. The result is what <see cref="Discover()"/> would give, as long as every link event since
    /// has reached the cache (<see cref="InterfaceFactsCache"/>).
    /// </summary>
    public SystemInventory Discover(InterfaceFactsCache cache)
    {
        ArgumentNullException.ThrowIfNull(cache);
        return Discover(cache, cache);
    }

    /// <summary>Reads everything afresh and keeps it in <paramref name="cache"/>, replacing what it held.</summary>
    public SystemInventory Refill(InterfaceFactsCache cache)
    {
        ArgumentNullException.ThrowIfNull(cache);
        cache.Clear();
        return Discover(cache: null, fill: cache);
    }

    private SystemInventory Discover(InterfaceFactsCache? cache, InterfaceFactsCache? fill)
    {
        var evidence = cache?.Hypervisor ?? HypervisorEvidenceReader.Read(Root);
        var hypervisor = HypervisorDetector.Detect(evidence);

        var facts = new List<NetInterface>();
        // One dump for the pass, taken when the first interface the cache does not hold needs it.
        LinkSnapshot? snapshot = null;
        var dumped = false;
        var names = Root.List(SysfsPaths.ClassNet);
        foreach (var name in names)
        {
            // Skips plain files such as bonding_masters: every interface is a directory (a link to one). Listing it
            // is that check, and the listing serves the reader too; only a directory that cannot be listed needs another.
            var dir = SysfsPaths.Join(SysfsPaths.ClassNet, name);
            // On the live root the listing's descriptor stays open for the interface's reads (relative to it).
            var entries = Root.TryList(dir, out var directory);
            using var _ = directory;
            if (entries is null && !Root.DirectoryExists(dir))
            {
                continue;
            }

            NetInterface read;
            if (cache is not null && cache.TryGet(name, out var known))
            {
                read = NetInterfaceReader.Refresh(Root, known, entries, directory);
            }
            else
            {
                if (!dumped)
                {
                    snapshot = Dump(names);
                    dumped = true;
                }

                read = NetInterfaceReader.Read(Root, name, entries, driverInfo, directory, snapshot);
            }

            fill?.Store(read);
            facts.Add(read);
        }

        if (fill is not null)
        {
            fill.Hypervisor = evidence;
            fill.RetainOnly(facts.Select(f => f.Name).ToHashSet(StringComparer.Ordinal));
        }

        var interfaces = InterfaceClassifier.Classify(facts, hypervisor);
        var unbound = ReadUnboundDevices();
        var cpus = CpuList.Count(Root.ReadTrimmed(SysfsPaths.CpusOnline));
        return new SystemInventory(hypervisor, interfaces, unbound, AdvisoryRules.Evaluate(hypervisor, interfaces, unbound, cpus, driverInfo is null ? null : driverInfo.GetChannelMaximum));
    }

    /// <summary>
    /// The pass's link dump, when it describes the interfaces sysfs lists. The dump is of this process's network
    /// namespace, /sys of the one sysfs was mounted in; they differ under <c>nsenter --net</c> without a mount
    /// namespace of its own, and then sysfs alone is read (docs/discovery.md). A listed name the dump lacks must be a
    /// plain file (bonding_masters), which costs one check.
    /// </summary>
    private LinkSnapshot? Dump(IReadOnlyList<string> listed)
    {
        if (links?.TryDump() is not { } snapshot)
        {
            return null;
        }

        var matched = 0;
        foreach (var name in listed)
        {
            if (snapshot.TryGet(name, out _))
            {
                matched++;
            }
            else if (Root.DirectoryExists(SysfsPaths.Join(SysfsPaths.ClassNet, name)))
            {
                return null;
            }
        }

        return matched == snapshot.Count ? snapshot : null;
    }

    /// <summary>Network-class PCI functions (class 0x02xxxx) with no driver bound: they have no netdev at all.</summary>
    private List<UnboundPciDevice> ReadUnboundDevices()
    {
        var unbound = new List<UnboundPciDevice>();
        foreach (var address in Root.List(SysfsPaths.PciDevices))
        {
            var function = SysfsPaths.Join(SysfsPaths.PciDevices, address);
            // The driver link first: almost every function has one, and checking it is one call where the class is three.
            if (Root.Exists(SysfsPaths.Join(function, SysfsPaths.Device.Driver))
                || PciFunctionReader.ReadClass(Root, function) is not { } pciClass
                || pciClass >> 16 != NetworkClass)
            {
                continue;
            }

            if (PciFunctionReader.ReadInfo(Root, function) is { } pci)
            {
                unbound.Add(new UnboundPciDevice(pci, $"0x{pciClass:x6}"));
            }
        }

        return unbound;
    }
}
