namespace Nictune.Linux.Netlink;

/// <summary>
/// One change to the set of network links. <see cref="IfIndex"/> is the stable identity; names can change.
/// A <see cref="LinkEventKind.Resync"/> event carries no link (index 0, no name).
/// </summary>
/// <param name="OldName">The previous name when the event is a rename and that name was known; otherwise null.</param>
public sealed record LinkEvent(LinkEventKind Kind, int IfIndex, string? Name, string? OldName = null)
{
    public static LinkEvent Resync { get; } = new(LinkEventKind.Resync, 0, null);

    public bool IsRename => Kind == LinkEventKind.Changed && OldName is not null && OldName != Name;
}
