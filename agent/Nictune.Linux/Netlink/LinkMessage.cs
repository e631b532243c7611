using Nictune.Core.Model;

namespace Nictune.Linux.Netlink;

/// <summary>One parsed RTM_NEWLINK / RTM_DELLINK message, before the link table turns it into an event.</summary>
/// <param name="Type">RTM_NEWLINK or RTM_DELLINK.</param>
/// <param name="Name">IFLA_IFNAME, when the message carries it.</param>
/// <param name="PortId">nlmsg_pid: our own port id marks a reply to our dump request.</param>
/// <param name="TxQueueLength">IFLA_TXQLEN, when the message carries it.</param>
/// <param name="Counters">IFLA_STATS64, when the message carries it (the statistics dump reads them).</param>
/// <param name="Attributes">The rest of what discovery reads from it (docs/discovery.md).</param>
internal readonly record struct LinkMessage(
    ushort Type,
    int IfIndex,
    string? Name,
    uint Sequence,
    uint PortId,
    uint? TxQueueLength = null,
    LinkCounters? Counters = null,
    LinkAttributes Attributes = default);
