namespace Nictune.Linux.Netlink;

/// <summary>What one netlink datagram held.</summary>
/// <param name="Messages">The link messages, in order.</param>
/// <param name="End">The end of a dump, when the datagram carries one (successful or not).</param>
/// <param name="InterruptedSequence">
/// The nlmsg_seq of a message flagged NLM_F_DUMP_INTR: links changed while that dump ran, so it is inconsistent.
/// </param>
/// <param name="Overrun">The kernel reported NLMSG_OVERRUN: messages were lost.</param>
internal sealed record NetlinkDatagram(IReadOnlyList<LinkMessage> Messages, DumpEnd? End, uint? InterruptedSequence, bool Overrun);
