using Nictune.Linux.Netlink;

namespace Nictune.Host.Daemon;

/// <summary>Why the tuner is asked to reconcile. A burst of link events arrives as one reason with all of them.</summary>
public sealed record ReconcileReason(ReconcileTrigger Trigger, IReadOnlyList<LinkEvent> LinkEvents)
{
    public static ReconcileReason Drift { get; } = new(ReconcileTrigger.Drift, []);

    public static ReconcileReason ForLinks(IReadOnlyList<LinkEvent> events) =>
        new(events.Any(e => e.Kind == LinkEventKind.Resync) ? ReconcileTrigger.Resync : ReconcileTrigger.LinkChange, events);
}
