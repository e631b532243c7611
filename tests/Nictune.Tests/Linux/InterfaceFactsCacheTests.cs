using System.Text.Json;
using Nictune.Core.Model;
using Nictune.Host.Output;
using Nictune.Linux.Sysfs;
using Nictune.Tests.Fixtures;
using Xunit;

namespace Nictune.Tests.Linux;

/// <summary>
/// The daemon's drift tick reads an interface's static facts once and keeps them until that interface's link event
/// (issue 10). What the kernel changes without an event (the set of names, adjacency, queues) is still seen at every
/// pass; what comes with an event is seen once the event has been forgotten into the cache.
/// </summary>
public sealed class InterfaceFactsCacheTests
{
    [Theory]
    [MemberData(nameof(SysfsScenarios.Names), MemberType = typeof(SysfsScenarios))]
    public void A_pass_from_the_cache_gives_what_a_full_read_gives(string scenario)
    {
        using var tree = SysfsScenarios.Get(scenario).Create();
        var discovery = new SysfsDiscovery(tree.SystemRoot);
        var cache = new InterfaceFactsCache();

        var full = Json(discovery.Refill(cache));

        Assert.Equal(full, Json(discovery.Discover(cache)));
        Assert.Equal(full, Json(discovery.Discover(cache)));
    }

    [Fact]
    public void A_static_fact_is_read_again_only_after_the_interfaces_link_event()
    {
        using var tree = Tree();
        var discovery = new SysfsDiscovery(tree.SystemRoot);
        var cache = new InterfaceFactsCache();
        discovery.Refill(cache);

        tree.WriteFile($"{tree.NetdevDir("eth0")}/mtu", "9000").WriteFile($"{tree.NetdevDir("eth1")}/mtu", "9000");
        Assert.Equal(1500, Nic(discovery.Discover(cache), "eth0").Mtu);

        cache.Forget(ifIndex: 0, name: "eth0");
        var inventory = discovery.Discover(cache);
        Assert.Equal(9000, Nic(inventory, "eth0").Mtu);
        Assert.Equal(1500, Nic(inventory, "eth1").Mtu);

        // By index, as RTM_NEWLINK names it: eth1's index is read from the fixture.
        cache.Forget(Nic(inventory, "eth1").IfIndex!.Value, name: null);
        Assert.Equal(9000, Nic(discovery.Discover(cache), "eth1").Mtu);
    }

    [Fact]
    public void Added_removed_and_renamed_interfaces_are_seen_without_an_event()
    {
        using var tree = Tree();
        var discovery = new SysfsDiscovery(tree.SystemRoot);
        var cache = new InterfaceFactsCache();
        discovery.Refill(cache);

        tree.Netdev("eth2", null);
        File.Delete(tree.Map("/sys/class/net/eth1"));
        File.Delete(tree.Map("/sys/class/net/eth0"));
        tree.Symlink("/sys/class/net/lan0", tree.NetdevDir("eth0"));

        var names = discovery.Discover(cache).Interfaces.Select(i => i.Name).ToList();

        Assert.Equal(["eth2", "lan0"], names);
        Assert.Equal(2, cache.Count);
    }

    [Fact]
    public void Queues_and_adjacency_are_read_at_every_pass()
    {
        using var tree = Tree();
        var discovery = new SysfsDiscovery(tree.SystemRoot);
        var cache = new InterfaceFactsCache();
        discovery.Refill(cache);

        // ethtool -L and a lower joining an upper send the upper no link event of its own.
        tree.WriteFile($"{tree.NetdevDir("eth0")}/queues/rx-1/rps_cpus", "0").Stack(upper: "eth0", lower: "eth1");
        var inventory = discovery.Discover(cache);

        Assert.Equal(new QueueCounts(2, 1), Nic(inventory, "eth0").Queues);
        Assert.Equal(["eth1"], Nic(inventory, "eth0").Lowers);
        Assert.Equal(["eth0"], Nic(inventory, "eth1").Uppers);
    }

    [Fact]
    public void Clear_reads_everything_again()
    {
        using var tree = Tree();
        var discovery = new SysfsDiscovery(tree.SystemRoot);
        var cache = new InterfaceFactsCache();
        discovery.Refill(cache);
        tree.WriteFile($"{tree.NetdevDir("eth1")}/operstate", "down");

        cache.Clear();

        Assert.Equal(0, cache.Count);
        Assert.Equal("down", Nic(discovery.Discover(cache), "eth1").OperState);
        Assert.Equal(2, cache.Count);
    }

    private static SysfsTreeBuilder Tree()
    {
        var tree = new SysfsTreeBuilder();
        tree.Cpus(2, hypervisorFlag: true);
        tree.Netdev("eth0", null);
        tree.Netdev("eth1", null);
        return tree;
    }

    private static NetInterface Nic(SystemInventory inventory, string name) => inventory.Interfaces.Single(i => i.Name == name);

    private static string Json(SystemInventory inventory) => JsonSerializer.Serialize(inventory, NictuneJsonContext.Default.SystemInventory);
}
