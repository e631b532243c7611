namespace Nictune.Linux.Netlink;

/// <summary>
/// What discovery takes from an RTM_NEWLINK besides the name and txqueuelen (docs/discovery.md): each value as the
/// kernel put it in the message, or null when the message has no such attribute. What an absent attribute means is
/// the reader's to say (<c>Sysfs/LinkFacts</c>): the kernel leaves some out on purpose (IFLA_LINK equal to the
/// index, no IFLA_ADDRESS when the address is empty).
/// </summary>
/// <param name="DeviceType">ifinfomsg.ifi_type: <c>dev->type</c>, the ARPHRD_* number sysfs shows as <c>type</c>.</param>
/// <param name="Mtu">IFLA_MTU.</param>
/// <param name="OperState">IFLA_OPERSTATE: an IF_OPER_* value (RFC 2863), already DOWN when the device is not running.</param>
/// <param name="Address">IFLA_ADDRESS, as lowercase hex bytes joined by colons (how sysfs prints it).</param>
/// <param name="Link">IFLA_LINK: the index <c>iflink</c> shows.</param>
/// <param name="Master">IFLA_MASTER: the index of the master upper device.</param>
/// <param name="PhysPortName">IFLA_PHYS_PORT_NAME.</param>
/// <param name="Kind">IFLA_INFO_KIND inside IFLA_LINKINFO: the rtnl_link_ops kind ("veth", "bridge", "tun", …).</param>
/// <param name="Flags">ifinfomsg.ifi_flags (<c>dev_get_flags()</c>): IFF_UP is set while the device runs.</param>
internal readonly record struct LinkAttributes(
    ushort DeviceType = 0,
    uint? Mtu = null,
    byte? OperState = null,
    string? Address = null,
    int? Link = null,
    int? Master = null,
    string? PhysPortName = null,
    string? Kind = null,
    uint Flags = 0);
