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
    private static readonly int IfInfoSize = Marshal.SizeOf<ifinfomsg>();
    private static readonly int AttrHeaderSize = Marshal.SizeOf<rtattr>();

    /// <summary>The messages of one datagram, in order, and what it says about a dump in progress.</summary>
    public static NetlinkDatagram Parse(ReadOnlySpan<byte> datagram)
    {
        var messages = new List<LinkMessage>();
        DumpEnd? end = null;
        uint? interrupted = null;
        var overrun = false;
        foreach (var each in new MessageReader(datagram))
        {
            var header = each.Header;
            var payload = each.Payload;
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
        var facts = new LinkAttributes(DeviceType: info.ifi_type, Flags: info.ifi_flags);
        foreach (var (type, value) in new AttributeReader(payload[Interop.Rtnetlink.NLMSG_ALIGN(IfInfoSize)..]))
        {
            switch (type)
            {
                case Interop.Rtnetlink.IFLA_IFNAME:
                    name = ReadString(value);
                    break;
                case Interop.Rtnetlink.IFLA_TXQLEN when value.Length >= sizeof(uint):
                    txQueueLength = MemoryMarshal.Read<uint>(value);
                    break;
                case Interop.Rtnetlink.IFLA_STATS64:
                    counters = ReadCounters(value);
                    break;
                case Interop.Rtnetlink.IFLA_MTU when value.Length >= sizeof(uint):
                    facts = facts with { Mtu = MemoryMarshal.Read<uint>(value) };
                    break;
                case Interop.Rtnetlink.IFLA_OPERSTATE when value.Length >= sizeof(byte):
                    facts = facts with { OperState = value[0] };
                    break;
                case Interop.Rtnetlink.IFLA_ADDRESS when value.Length > 0:
                    facts = facts with { Address = FormatAddress(value) };
                    break;
                case Interop.Rtnetlink.IFLA_LINK when value.Length >= sizeof(int):
                    facts = facts with { Link = MemoryMarshal.Read<int>(value) };
                    break;
                case Interop.Rtnetlink.IFLA_MASTER when value.Length >= sizeof(int):
                    facts = facts with { Master = MemoryMarshal.Read<int>(value) };
                    break;
                case Interop.Rtnetlink.IFLA_PHYS_PORT_NAME:
                    facts = facts with { PhysPortName = ReadString(value) };
                    break;
                case Interop.Rtnetlink.IFLA_LINKINFO:
                    facts = facts with { Kind = ReadKind(value) };
                    break;
            }
        }

        return new LinkMessage(header.nlmsg_type, info.ifi_index, name, header.nlmsg_seq, header.nlmsg_pid, txQueueLength, counters, facts);
    }

    /// <summary>IFLA_INFO_KIND inside an IFLA_LINKINFO nest; null when the nest has none.</summary>
    private static string? ReadKind(ReadOnlySpan<byte> linkInfo)
    {
        foreach (var (type, value) in new AttributeReader(linkInfo))
        {
            if (type == Interop.Rtnetlink.IFLA_INFO_KIND)
            {
                return ReadString(value);
            }
        }

        return null;
    }

    /// <summary>A string attribute: the bytes up to the first NUL (the kernel's nla_put_string includes one).</summary>
    private static string ReadString(ReadOnlySpan<byte> value)
    {
        var nul = value.IndexOf((byte)0);
        return Encoding.UTF8.GetString(nul >= 0 ? value[..nul] : value);
    }

    /// <summary>
    /// A hardware address as sysfs prints it: each byte as two lowercase hex digits, joined by colons
    /// (<c>sysfs_format_mac()</c>'s <c>%*phC</c>, net/ethernet/eth.c; docs/discovery.md).
    /// </summary>
    internal static string FormatAddress(ReadOnlySpan<byte> address)
    {
        Span<char> text = stackalloc char[(address.Length * 3) - 1];
        for (var i = 0; i < address.Length; i++)
        {
            if (i > 0)
            {
                text[(i * 3) - 1] = ':';
            }

            text[i * 3] = HexDigit(address[i] >> 4);
            text[(i * 3) + 1] = HexDigit(address[i] & 0xf);
        }

        return new string(text);
    }

    private static char HexDigit(int nibble) => (char)(nibble < 10 ? '0' + nibble : 'a' + nibble - 10);

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
