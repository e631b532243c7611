using Nictune.Linux.Netlink;

namespace Nictune.Linux.Sysfs;

/// <summary>
/// What an rtnetlink link message says, in the form the sysfs attribute it stands in for would give it
/// (docs/discovery.md). Each rule is the kernel's: the attribute's show() in net/core/net-sysfs.c against the
/// message's fill in net/core/rtnetlink.c, rtnl_fill_ifinfo().
/// </summary>
internal static class LinkFacts
{
    /// <summary>
    /// operstate_show()'s names, indexed by IF_OPER_* (net-sysfs.c, <c>operstates[]</c>). IFLA_OPERSTATE already
    /// carries IF_OPER_DOWN for a device that is not running, as operstate_show() prints it.
    /// </summary>
    private static readonly string[] OperStates = ["unknown", "notpresent", "down", "lowerlayerdown", "testing", "dormant", "up"];

    /// <summary>
    /// Link kinds whose drivers give the netdev no device type, so its uevent has no DEVTYPE line and reading it would
    /// tell nothing (docs/discovery.md). Any other kind, or none, has its uevent read.
    /// </summary>
    private static readonly HashSet<string> KindsWithoutDevType = new(StringComparer.Ordinal) { "veth", "tun", "macvlan" };

    /// <summary>The operstate file's text for an IF_OPER_* value; null past the table (the file then fails with EINVAL).</summary>
    public static string? OperState(byte operState) => operState < OperStates.Length ? OperStates[operState] : null;

    /// <summary>
    /// An unsigned value of the netdev as the <c>%d</c> of its sysfs file shows it (mtu, tx_queue_len: fmt_dec): the
    /// same 32 bits read as signed.
    /// </summary>
    public static int AsPrinted(uint value) => unchecked((int)value);

    /// <summary>What <c>iflink</c> shows: IFLA_LINK, which the kernel leaves out when it equals the link's own index.</summary>
    public static int IfLink(in LinkMessage link) => link.Attributes.Link ?? link.IfIndex;

    /// <summary>True when the link's kind is known to have no DEVTYPE in its uevent.</summary>
    public static bool HasNoDevType(in LinkMessage link) => link.Attributes.Kind is { } kind && KindsWithoutDevType.Contains(kind);
}
