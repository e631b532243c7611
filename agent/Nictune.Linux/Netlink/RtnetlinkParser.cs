using System.Runtime.InteropServices;
using System.Text;
using Nictune.Core.Model;
using static Nictune.Linux.Interop.Netlink;

namespace Nictune.Linux.Netlink;

/// <summary>
/// Splits one netlink datagram into its messages and extracts what the link monitor and the statistics dump need. Malformed lengths
/// stop the parse of that datagram rather than throwing: the kernel does not send them, and a monitor that
/// dies on one bad datagram would miss every later hot-plug.
/// </summary>
internal static class RtnetlinkParser
{
    private static readonly int HeaderSize = Marshal.SizeOf<nlmsghdr>();
    private static readonly int IfInfoSize = Marshal.SizeOf<ifinfomsg>();
    private static readonly int AttrHeaderSize = Marshal.SizeOf<rtattr>();

    /// <summary>The messages of one datagram, in order, and what it says about a dump in progress.</summary>
    public static NetlinkDatagram Parse(ReadOnlySpan<byte> datagram)
    {
        var messages = new List<LinkMessage>();
        DumpEnd? end = null;
        uint? interrupted = null;
        var overrun = false;
        while (datagram.Length >= HeaderSize)
        {
            var header = MemoryMarshal.Read<nlmsghdr>(datagram);
            var length = (int)Math.Min(header.nlmsg_len, int.MaxValue);
            if (length < HeaderSize || length > datagram.Length)
            {
                break;
            }

            var payload = datagram[HeaderSize..length];
            if ((header.nlmsg_flags & Interop.Rtnetlink.NLM_F_DUMP_INTR) != 0)
            {
                interrupted = header.nlmsg_seq;
            }

            switch (header.nlmsg_type)
            {
                case Interop.Rtnetlink.NLMSG_DONE:
                    // The payload, when present, is the dump's own result (0 or a negative errno).
                    end = new DumpEnd(header.nlmsg_seq, -ErrorCode(payload));
                    break;
                case Interop.Rtnetlink.NLMSG_ERROR:
                    // An error code of 0 is an acknowledgement, which a dump without NLM_F_ACK never gets; anything
                    // else ends the dump in failure. A truncated error still is one: EIO rather than success.
                    var error = payload.Length >= sizeof(int) ? ErrorCode(payload) : -Nictune.Core.Tuning.Errnos.EIO;
                    if (error != 0)
                    {
                        end = new DumpEnd(header.nlmsg_seq, -error);
                    }

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

        return new NetlinkDatagram(messages, end, interrupted, overrun);
    }

    /// <summary>The leading int of NLMSG_DONE and NLMSG_ERROR: 0 or a negative errno; 0 when absent.</summary>
    private static int ErrorCode(ReadOnlySpan<byte> payload) =>
        payload.Length >= sizeof(int) ? MemoryMarshal.Read<int>(payload) : 0;

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
        uint? txQueueLength = null;
        LinkCounters? counters = null;
        var attributes = payload[Interop.Rtnetlink.NLMSG_ALIGN(IfInfoSize)..];
        while (attributes.Length >= AttrHeaderSize)
        {
            var attribute = MemoryMarshal.Read<rtattr>(attributes);
            if (attribute.rta_len < AttrHeaderSize || attribute.rta_len > attributes.Length)
            {
                break;
            }

            var value = attributes[AttrHeaderSize..attribute.rta_len];
            switch (attribute.rta_type)
            {
                case Interop.Rtnetlink.IFLA_IFNAME:
                    var nul = value.IndexOf((byte)0);
                    name = Encoding.UTF8.GetString(nul >= 0 ? value[..nul] : value);
                    break;
                case Interop.Rtnetlink.IFLA_TXQLEN when value.Length >= sizeof(uint):
                    txQueueLength = MemoryMarshal.Read<uint>(value);
                    break;
                case Interop.Rtnetlink.IFLA_STATS64:
                    counters = ReadCounters(value);
                    break;
            }

            var next = Interop.Rtnetlink.RTA_ALIGN(attribute.rta_len);
            if (next >= attributes.Length)
            {
                break;
            }

            attributes = attributes[next..];
        }

        return new LinkMessage(header.nlmsg_type, info.ifi_index, name, header.nlmsg_seq, header.nlmsg_pid, txQueueLength, counters);
    }

    /// <summary>
    /// The counters of an IFLA_STATS64 payload. A kernel older than our struct sends fewer fields: only the bytes
    /// present are copied, and the rest stay zero.
    /// </summary>
    private static LinkCounters ReadCounters(ReadOnlySpan<byte> value)
    {
        var stats = default(rtnl_link_stats64);
        var bytes = MemoryMarshal.AsBytes(new Span<rtnl_link_stats64>(ref stats));
        value[..Math.Min(value.Length, bytes.Length)].CopyTo(bytes);
        return new LinkCounters(
            stats.rx_bytes,
            stats.rx_packets,
            stats.rx_errors,
            stats.rx_dropped,
            stats.rx_missed_errors,
            stats.rx_fifo_errors,
            stats.rx_over_errors,
            stats.tx_bytes,
            stats.tx_packets,
            stats.tx_errors,
            stats.tx_dropped);
    }
}
