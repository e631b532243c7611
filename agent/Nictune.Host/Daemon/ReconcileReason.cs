using Nictune.Linux.Netlink;

namespace Nictune.Host.Daemon;

/// <summary>Why the tuner is asked to reconcile. A burst of link events arrives as one reason with all of them.</summary>
public sealed record ReconcileReason(ReconcileTrigger Trigger, IReadOnlyList<LinkEvent> LinkEvents)
{
    /// <summary>
    /// Every link event since the last pass has reached this reason or an earlier one (the link monitor runs), so the
    /// tuner may keep interface facts between passes and forget only those of the links named here. False makes the
    /// pass read everything.
    /// </summary>
    public bool LinksWatched { get; init; }

    public static ReconcileReason Drift { get; } = new(ReconcileTrigger.Drift, []);

    public static ReconcileReason ForLinks(IReadOnlyList<LinkEvent> events) =>
        new(events.Any(e => e.Kind == LinkEventKind.Resync) ? ReconcileTrigger.Resync : ReconcileTrigger.LinkChange, events);
}
