using Nictune.Core.Model;
using Nictune.Linux.Ethtool;
using Nictune.Linux.IO;
using Nictune.Linux.Netlink;
using Nictune.Linux.Sysfs;
using Nictune.Testing;
using Xunit;

namespace Nictune.Tests.Linux;

/// <summary>
/// On the real kernel: discovery with the rtnetlink dump gives, for every interface, exactly the record that discovery
/// through sysfs alone gives, but for the kind of a macvlan, which only the dump names (docs/discovery.md). The namespace holds every kind this kernel lets a test build
/// (<see cref="LinkKinds"/>, with a veth whose peer lives in another namespace). The discovery runs in-process on a thread that has the namespace's own sysfs mounted.
/// </summary>
public sealed class NetlinkDiscoveryTests
{
    [Fact]
    public void Netlink_backed_and_sysfs_only_discovery_give_the_same_record_for_every_interface_but_a_macvlans_kind()
    {
        Prerequisite.RequireRoot();
        Prerequisite.RequireTool("ip");
        Prerequisite.RequireTool("ethtool");
        using var ns = NetNamespace.Create("ntdisc");
        using var other = NetNamespace.Create("ntdisp");
        var expected = LinkKinds.Build(ns, "d", peers: other);

        // The kernel settles a new link's operstate later, in its linkwatch work (a second or more on a loaded
        // machine), so the two discoveries, read one after the other, are taken again until they agree, for at most
        // 30 s: a difference that lasts fails the assertions below all the same.
        var (withNetlink, sysfsOnly, dumped) = NamespaceThread.RunWithSysfs(ns, () =>
        {
            using var ethtool = new EthtoolClient();
            var driverInfo = new EthtoolDriverInfoSource(ethtool);
            using var links = new LiveLinkSource();
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (true)
            {
                var snapshot = links.TryDump();
                var read = (
                    new SysfsDiscovery(SystemRoot.Live, driverInfo, links).Discover().Interfaces,
                    new SysfsDiscovery(SystemRoot.Live, driverInfo).Discover().Interfaces,
                    snapshot?.Count);
                var states = (read.Item1.Select(i => (i.Name, i.OperState)), read.Item2.Select(i => (i.Name, i.OperState)));
                if (states.Item1.SequenceEqual(states.Item2) || DateTime.UtcNow > deadline)
                {
                    return read;
                }

                Thread.Sleep(200);
            }
        });

        Assert.Equal(expected.Order(StringComparer.Ordinal), sysfsOnly.Select(i => i.Name).Order(StringComparer.Ordinal));
        // The dump was taken and held every interface: the netlink path ran, not a silent fallback to sysfs.
        Assert.Equal(expected.Count, dumped);
        // The one difference, and on purpose: the kernel names the macvlan's kind in the dump, where sysfs alone can only
        // guess from its iflink (docs/discovery.md).
        var macvlan = sysfsOnly.Single(i => i.Name == "dmv0");
        Assert.Equal("veth", macvlan.Kind);
        Assert.Equal(sysfsOnly.Select(i => i == macvlan ? i with { Kind = "macvlan" } : i).Select(NetInterfaceText.Of), withNetlink.Select(NetInterfaceText.Of));

        // And the records say what was built, so the comparison above compared something.
        var byName = withNetlink.ToDictionary(i => i.Name, StringComparer.Ordinal);
        Assert.Equal((new QueueCounts(2, 2), 9000, 5000, "veth"), (byName["dq0"].Queues, byName["dq0"].Mtu, byName["dq0"].TxQueueLen, byName["dq0"].Kind));
        Assert.Equal(("dbr0", "veth"), (byName["dq1"].Master, byName["dq1"].Kind));
        Assert.Equal("bridge", byName["dbr0"].Kind);
        Assert.Equal(("tun", null, "down"), (byName["dtun0"].Kind, byName["dtun0"].Mac, byName["dtun0"].OperState));
        Assert.Equal("loopback", byName["lo"].Kind);
        Assert.Equal("veth", byName["dx0"].Kind);
        Assert.Equal("macvlan", byName["dmv0"].Kind);
    }

    [Fact]
    public void A_dump_of_another_namespace_than_the_one_sysfs_shows_is_not_used()
    {
        Prerequisite.RequireRoot();
        Prerequisite.RequireTool("ip");
        using var ns = NetNamespace.Create("ntdisc");
        using var other = NetNamespace.Create("ntdiso");
        ns.AddVethPair("oq0", "oq1");
        // The same name in the other namespace, with another MTU, and a name the first lacks: as under nsenter --net
        // with the old /sys, where the dump's namespace is not the one sysfs lists.
        other.AddVethPair("oq0", "oz1");
        other.Ip("link", "set", "oq0", "mtu", "9000");
        using var foreign = NetnsThread.Run(other.Name, () =>
        {
            var source = new LiveLinkSource();
            Assert.NotNull(source.TryDump()); // its socket is now open in the other namespace, and stays there
            return source;
        });

        var (withForeignDump, sysfsOnly) = NamespaceThread.RunWithSysfs(ns, () => (
            new SysfsDiscovery(SystemRoot.Live, driverInfo: null, foreign).Discover().Interfaces,
            new SysfsDiscovery(SystemRoot.Live).Discover().Interfaces));

        Assert.Equal(sysfsOnly.Select(NetInterfaceText.Of), withForeignDump.Select(NetInterfaceText.Of));
        Assert.Equal(1500, withForeignDump.Single(i => i.Name == "oq0").Mtu);
    }
}
