using System.Runtime.InteropServices;
using System.Text;
using static Nictune.Linux.Interop.Netlink;

namespace Nictune.Linux.Netlink;

/// <summary>
/// Splits one netlink datagram into its messages and extracts what the link monitor needs. Malformed lengths
/// stop the parse of that datagram rather than throwing: the kernel does not send them, and a monitor that
/// dies on one bad datagram would miss every later hot-plug.
/// </summary>
internal static class RtnetlinkParser
{
    private static readonly int HeaderSize = Marshal.SizeOf<nlmsghdr>();
    private static readonly int IfInfoSize = Marshal.SizeOf<ifinfomsg>();
    private static readonly int AttrHeaderSize = Marshal.SizeOf<rtattr>();

    /// <summary>The messages of one datagram, in order.</summary>
    /// <param name="doneSequence">The nlmsg_seq of an NLMSG_DONE (or NLMSG_ERROR) in the datagram: the end of that dump.</param>
    /// <param name="overrun">Set when the kernel reported NLMSG_OVERRUN: messages were lost.</param>
    public static List<LinkMessage> Parse(ReadOnlySpan<byte> datagram, out uint? doneSequence, out bool overrun)
    {
        var messages = new List<LinkMessage>();
        doneSequence = null;
        overrun = false;
        while (datagram.Length >= HeaderSize)
        {
            var header = MemoryMarshal.Read<nlmsghdr>(datagram);
            var length = (int)Math.Min(header.nlmsg_len, int.MaxValue);
            if (length < HeaderSize || length > datagram.Length)
            {
                break;
            }

            var payload = datagram[HeaderSize..length];
            switch (header.nlmsg_type)
            {
                case Interop.Rtnetlink.NLMSG_DONE:
                case Interop.Rtnetlink.NLMSG_ERROR:
                    doneSequence = header.nlmsg_seq;
                    break;
                case Interop.Rtnetlink.NLMSG_OVERRUN:
                    overrun = true;
                    break;
                case Interop.Rtnetlink.RTM_NEWLINK:
                case Interop.Rtnetlink.RTM_DELLINK:
                    if (ParseLink(header, payload) is { } message)
                    {
                        messages.Add(message);
                    }

                    break;
            }

            var next = Interop.Rtnetlink.NLMSG_ALIGN(length);
            if (next >= datagram.Length)
            {
                break;
            }

            datagram = datagram[next..];
        }

        return messages;
    }

    private static LinkMessage? ParseLink(in nlmsghdr header, ReadOnlySpan<byte> payload)
    {
        if (payload.Length < IfInfoSize)
        {
            return null;
        }

        var info = MemoryMarshal.Read<ifinfomsg>(payload);
        if (info.ifi_family != Interop.Rtnetlink.AF_UNSPEC)
        {
            // AF_BRIDGE messages describe bridge port state; an RTM_DELLINK of that family is a port
            // leaving a bridge, not a link disappearing.
            return null;
        }

        string? name = null;
        var attributes = payload[Interop.Rtnetlink.NLMSG_ALIGN(IfInfoSize)..];
        while (attributes.Length >= AttrHeaderSize)
        {
            var attribute = MemoryMarshal.Read<rtattr>(attributes);
            if (attribute.rta_len < AttrHeaderSize || attribute.rta_len > attributes.Length)
            {
                break;
            }

            if (attribute.rta_type == Interop.Rtnetlink.IFLA_IFNAME)
            {
                var value = attributes[AttrHeaderSize..attribute.rta_len];
                var nul = value.IndexOf((byte)0);
                name = Encoding.UTF8.GetString(nul >= 0 ? value[..nul] : value);
            }

            var next = Interop.Rtnetlink.RTA_ALIGN(attribute.rta_len);
            if (next >= attributes.Length)
            {
                break;
            }

            attributes = attributes[next..];
        }

        return new LinkMessage(header.nlmsg_type, info.ifi_index, name, header.nlmsg_seq, header.nlmsg_pid);
    }
}
