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
/// through sysfs alone gives (docs/discovery.md). The namespace holds every kind this kernel lets a test build: veth
/// pairs with 4 queues (one cut to 2 channels, one whose peer lives in another namespace), a bridge with a veth
/// enslaved, a macvlan, tun and tap devices (down, one without an address), lo, and a bond and a vlan where the kernel
/// has those drivers. The discovery runs in-process on a thread that has the namespace's own sysfs mounted.
/// </summary>
public sealed class NetlinkDiscoveryTests
{
    [Fact]
    public void Netlink_backed_and_sysfs_only_discovery_give_the_same_record_for_every_interface()
    {
        Prerequisite.RequireRoot();
        Prerequisite.RequireTool("ip");
        Prerequisite.RequireTool("ethtool");
        using var ns = NetNamespace.Create("ntdisc");
        using var other = NetNamespace.Create("ntdisp");
        ns.AddVethPair("dq0", "dq1", queues: 4);
        ns.CheckExec("ethtool", "-L", "dq0", "rx", "2", "tx", "2");
        ns.Ip("link", "set", "dq0", "mtu", "9000", "txqueuelen", "5000");
        ns.Ip("link", "add", "dbr0", "type", "bridge");
        ns.Ip("link", "set", "dq1", "master", "dbr0");
        ns.Ip("link", "set", "dbr0", "up");
        ns.Ip("link", "add", "link", "dq0", "name", "dmv0", "type", "macvlan");
        ns.Ip("tuntap", "add", "dev", "dtun0", "mode", "tun");
        ns.Ip("tuntap", "add", "dev", "dtap0", "mode", "tap");
        ns.AddVethPair("dx0", "dx1");
        ns.Ip("link", "set", "dx1", "netns", other.Name);
        // Built where the kernel has the driver (a container cannot load modules): their absence is not this test's.
        var optional = new[]
        {
            TryIp(ns, "link", "add", "dbond0", "type", "bond"),
            TryIp(ns, "link", "add", "link", "dq0", "name", "dq0.7", "type", "vlan", "id", "7"),
        };

        var (withNetlink, sysfsOnly, dumped) = NamespaceThread.RunWithSysfs(ns, () =>
        {
            using var ethtool = new EthtoolClient();
            var driverInfo = new EthtoolDriverInfoSource(ethtool);
            using var links = new LiveLinkSource();
            var snapshot = links.TryDump();
            return (
                new SysfsDiscovery(SystemRoot.Live, driverInfo, links).Discover().Interfaces,
                new SysfsDiscovery(SystemRoot.Live, driverInfo).Discover().Interfaces,
                snapshot?.Count);
        });

        string[] expected = ["lo", "dq0", "dq1", "dbr0", "dmv0", "dtun0", "dtap0", "dx0", .. optional.OfType<string>()];
        Assert.Equal(expected.Order(StringComparer.Ordinal), sysfsOnly.Select(i => i.Name).Order(StringComparer.Ordinal));
        // The dump was taken and held every interface: the netlink path ran, not a silent fallback to sysfs.
        Assert.Equal(expected.Length, dumped);
        Assert.Equal(sysfsOnly.Select(NetInterfaceText.Of), withNetlink.Select(NetInterfaceText.Of));

        // And the records say what was built, so the comparison above compared something.
        var byName = withNetlink.ToDictionary(i => i.Name, StringComparer.Ordinal);
        Assert.Equal((new QueueCounts(2, 2), 9000, 5000, "veth"), (byName["dq0"].Queues, byName["dq0"].Mtu, byName["dq0"].TxQueueLen, byName["dq0"].Kind));
        Assert.Equal(("dbr0", "veth"), (byName["dq1"].Master, byName["dq1"].Kind));
        Assert.Equal("bridge", byName["dbr0"].Kind);
        Assert.Equal(("tun", null, "down"), (byName["dtun0"].Kind, byName["dtun0"].Mac, byName["dtun0"].OperState));
        Assert.Equal("loopback", byName["lo"].Kind);
        Assert.Equal("veth", byName["dx0"].Kind);
    }

    /// <summary>The interface's name when <c>ip</c> could create it, else null.</summary>
    private static string? TryIp(NetNamespace ns, params string[] args) =>
        Tools.Run("ip", ["-n", ns.Name, .. args]).ExitCode == 0 ? args[Array.IndexOf(args, "type") - 1] : null;
}
