using Nictune.Host.Daemon;
using Nictune.Host.Tuning;
using Nictune.Linux.Netlink;
using Nictune.Linux.Sysfs;
using Nictune.Tests.Fixtures;
using Xunit;

namespace Nictune.Tests.Host.Daemon;

/// <summary>What a reconcile forgets of the interface facts the daemon keeps between passes (issue 10).</summary>
public sealed class LinkEventInvalidationTests : IDisposable
{
    private readonly SysfsTreeBuilder _tree = new();
    private readonly InterfaceFactsCache _facts = new();

    public LinkEventInvalidationTests()
    {
        _tree.Cpus(2, hypervisorFlag: true);
        _tree.Netdev("eth0", null);
        _tree.Netdev("eth1", null);
        _tree.Netdev("eth2", null);
        new SysfsDiscovery(_tree.SystemRoot).Refill(_facts);
    }

    [Fact]
    public void A_drift_tick_with_link_events_watched_forgets_nothing()
    {
        LinkEventInvalidation.Apply(_facts, ReconcileReason.Drift with { LinksWatched = true });

        Assert.Equal(3, _facts.Count);
    }

    [Fact]
    public void A_pass_without_link_events_watched_forgets_everything()
    {
        LinkEventInvalidation.Apply(_facts, ReconcileReason.Drift);

        Assert.Equal(0, _facts.Count);
    }

    [Fact]
    public void A_resync_forgets_everything()
    {
        var reason = ReconcileReason.ForLinks([new LinkEvent(LinkEventKind.Changed, 1, "eth0"), LinkEvent.Resync]) with { LinksWatched = true };

        LinkEventInvalidation.Apply(_facts, reason);

        Assert.Equal(0, _facts.Count);
    }

    [Fact]
    public void A_link_event_forgets_that_link_by_index_and_a_rename_by_both_names()
    {
        // The fixture numbers interfaces from 1 in creation order: eth1 is index 2.
        var reason = ReconcileReason.ForLinks(
        [
            new LinkEvent(LinkEventKind.Changed, 2, "renamed1"),
            new LinkEvent(LinkEventKind.Changed, 99, "lan0", OldName: "eth2"),
        ]) with { LinksWatched = true };

        LinkEventInvalidation.Apply(_facts, reason);

        Assert.Equal(1, _facts.Count);
        var inventory = new SysfsDiscovery(_tree.SystemRoot).Discover(_facts);
        Assert.Equal(["eth0", "eth1", "eth2"], inventory.Interfaces.Select(i => i.Name));
    }

    public void Dispose() => _tree.Dispose();
}
