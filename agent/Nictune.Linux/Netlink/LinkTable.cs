using static Nictune.Linux.Interop.Netlink;

namespace Nictune.Linux.Netlink;

/// <summary>
/// The ifindex → name map that turns raw link messages into events. The kernel reports a rename as an
/// RTM_NEWLINK with the same index and the new name only; the old name has to come from here.
/// </summary>
internal sealed class LinkTable
{
    private Dictionary<int, string> _names = [];

    public int Count => _names.Count;

    public string? NameOf(int ifIndex) => _names.GetValueOrDefault(ifIndex);

    /// <summary>The event a notification means, updating the map. Null when it means nothing (no usable index).</summary>
    public LinkEvent? Apply(LinkMessage message)
    {
        if (message.IfIndex <= 0)
        {
            return null;
        }

        var known = _names.TryGetValue(message.IfIndex, out var oldName);
        if (message.Type == Interop.Rtnetlink.RTM_DELLINK)
        {
            _names.Remove(message.IfIndex);
            return new LinkEvent(LinkEventKind.Removed, message.IfIndex, message.Name ?? oldName);
        }

        var name = message.Name ?? oldName;
        if (name is not null)
        {
            _names[message.IfIndex] = name;
        }

        if (!known)
        {
            return new LinkEvent(LinkEventKind.Added, message.IfIndex, name);
        }

        return new LinkEvent(LinkEventKind.Changed, message.IfIndex, name, oldName != name ? oldName : null);
    }

    /// <summary>Replaces the whole map with the result of a dump (the links that exist right now).</summary>
    public void Replace(IEnumerable<LinkMessage> dump)
    {
        var names = new Dictionary<int, string>();
        foreach (var message in dump)
        {
            if (message.Type == Interop.Rtnetlink.RTM_NEWLINK && message.IfIndex > 0 && message.Name is not null)
            {
                names[message.IfIndex] = message.Name;
            }
        }

        _names = names;
    }
}
