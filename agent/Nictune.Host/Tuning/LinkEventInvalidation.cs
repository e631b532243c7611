using Nictune.Host.Daemon;
using Nictune.Linux.Netlink;
using Nictune.Linux.Sysfs;

namespace Nictune.Host.Tuning;

/// <summary>
/// Keeps the interface facts cached between the daemon's passes honest: they stay only while every link event reaches
/// the tuner. The links a reconcile names are forgotten (a rename under both its names), and everything is forgotten on
/// a resync (the kernel or the queue dropped events) or when link events are not watched at all.
/// </summary>
internal static class LinkEventInvalidation
{
    public static void Apply(InterfaceFactsCache facts, ReconcileReason reason)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(reason);
        if (!reason.LinksWatched || reason.LinkEvents.Any(e => e.Kind == LinkEventKind.Resync))
        {
            facts.Clear();
            return;
        }

        foreach (var link in reason.LinkEvents)
        {
            facts.Forget(link.IfIndex, link.Name);
            facts.Forget(0, link.OldName);
        }
    }
}
