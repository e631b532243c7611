using Nictune.Core.Classification;
using Nictune.Core.Model;

namespace Nictune.Linux.Sysfs;

/// <summary>
/// What discovery read about each interface, kept between the daemon's passes so that a drift tick need not read it
/// all again (docs/architecture.md, "The fast path"). An entry holds until the interface's own rtnetlink event says it
/// changed (<see cref="Forget(int, string?)"/>): every change of name, MTU, operstate, address, master, txqueuelen or
/// carrier (and so speed) is an RTM_NEWLINK for that link, a removal an RTM_DELLINK. What changes without an event of
/// its own is read at every pass anyway (<see cref="SysfsDiscovery.Discover(InterfaceFactsCache)"/>): the set of
/// names, each interface's uppers and lowers (an upper hears nothing when a lower joins it), its queues and MSI
/// vectors (ethtool -L sends no RTM_NEWLINK). Only a caller that sees every link event may keep one; when events may
/// have been lost, <see cref="Clear"/>. Not thread-safe: the daemon's one work loop is its only user.
/// </summary>
public sealed class InterfaceFactsCache
{
    private readonly Dictionary<string, NetInterface> _byName = new(StringComparer.Ordinal);

    /// <summary>The hypervisor does not change under a running guest: read once per cache.</summary>
    internal HypervisorEvidence? Hypervisor { get; set; }

    public int Count => _byName.Count;

    internal bool TryGet(string name, out NetInterface facts) => _byName.TryGetValue(name, out facts!);

    internal void Store(NetInterface facts) => _byName[facts.Name] = facts;

    /// <summary>Drops everything known about the link with this index or this name (a rename's old and new names both).</summary>
    public void Forget(int ifIndex, string? name)
    {
        if (name is not null)
        {
            _byName.Remove(name);
        }

        if (ifIndex > 0)
        {
            foreach (var stale in _byName.Values.Where(i => i.IfIndex == ifIndex).Select(i => i.Name).ToList())
            {
                _byName.Remove(stale);
            }
        }
    }

    /// <summary>Drops the interfaces no longer listed (removed, or renamed away), so that churn cannot grow the cache.</summary>
    internal void RetainOnly(IReadOnlySet<string> names)
    {
        foreach (var gone in _byName.Keys.Where(n => !names.Contains(n)).ToList())
        {
            _byName.Remove(gone);
        }
    }

    /// <summary>Drops everything: the next pass reads every interface afresh.</summary>
    public void Clear()
    {
        _byName.Clear();
        Hypervisor = null;
    }
}
