namespace Nictune.Linux.Netlink;

public enum LinkEventKind
{
    /// <summary>A link appeared (hot-plug, a new veth, a device moved into this namespace).</summary>
    Added,

    /// <summary>A known link changed: flags, state, or its name (then <see cref="LinkEvent.OldName"/> is set).</summary>
    Changed,

    /// <summary>A link disappeared.</summary>
    Removed,

    /// <summary>Notifications were lost (the socket overran): re-read every link instead of trusting events.</summary>
    Resync,
}
