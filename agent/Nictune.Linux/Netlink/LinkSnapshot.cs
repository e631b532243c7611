namespace Nictune.Linux.Netlink;

/// <summary>One RTM_GETLINK dump, looked up by name (as sysfs lists interfaces) and by index (as IFLA_MASTER names one).</summary>
internal sealed class LinkSnapshot
{
    private readonly Dictionary<string, LinkMessage> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<int, string> _nameByIndex = [];

    public LinkSnapshot(IEnumerable<LinkMessage> links)
    {
        foreach (var link in links)
        {
            if (link.Name is { } name && link.IfIndex > 0)
            {
                _byName[name] = link;
                _nameByIndex[link.IfIndex] = name;
            }
        }
    }

    public int Count => _byName.Count;

    public bool TryGet(string name, out LinkMessage link) => _byName.TryGetValue(name, out link);

    public string? NameOf(int ifIndex) => _nameByIndex.GetValueOrDefault(ifIndex);
}
