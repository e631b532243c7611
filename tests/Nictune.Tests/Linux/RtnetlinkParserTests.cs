using Nictune.Core.Model;
using System.Buffers.Binary;
using System.Text;
using static Nictune.Linux.Interop.Netlink;
using Rtnetlink = Nictune.Linux.Interop.Rtnetlink;
using NetlinkInterop = Nictune.Linux.Interop.Netlink;
using Nictune.Linux.Netlink;
using Xunit;

namespace Nictune.Tests.Linux;

/// <summary>Parsing and the ifindex → name table on hand-built datagrams (the kernel test is RtnetlinkMonitorTests).</summary>
public sealed class RtnetlinkParserTests
{
    [Fact]
    public void Several_messages_in_one_datagram_are_all_parsed_with_their_names()
    {
        var datagram = Concat(Link(Rtnetlink.RTM_NEWLINK, 7, "eth0"), Link(Rtnetlink.RTM_DELLINK, 8, "eth12345"));

        var parsed = RtnetlinkParser.Parse(datagram);

        Assert.Equal([new LinkMessage(Rtnetlink.RTM_NEWLINK, 7, "eth0", 0, 0), new LinkMessage(Rtnetlink.RTM_DELLINK, 8, "eth12345", 0, 0)], parsed.Messages);
        Assert.Null(parsed.End);
        Assert.False(parsed.Overrun);
    }

    [Fact]
    public void Bridge_port_messages_are_not_link_events()
    {
        var datagram = Link(Rtnetlink.RTM_DELLINK, 7, "eth0", family: 7 /* AF_BRIDGE */);

        Assert.Empty(RtnetlinkParser.Parse(datagram).Messages);
    }

    [Fact]
    public void Done_reports_the_sequence_it_ends()
    {
        var done = Header(Rtnetlink.NLMSG_DONE, 20, sequence: 99);

        var end = RtnetlinkParser.Parse(done).End;

        Assert.Equal(99u, end?.Sequence);
        Assert.True(end?.Succeeded);
    }

    [Fact]
    public void An_error_ends_the_dump_as_a_failure_with_its_errno()
    {
        var error = Header(Rtnetlink.NLMSG_ERROR, 16 + 4 + 16, sequence: 42);
        BinaryPrimitives.WriteInt32LittleEndian(error.AsSpan(16), -16 /* EBUSY */);

        var end = RtnetlinkParser.Parse(error).End;

        Assert.Equal(new DumpEnd(42, 16), end);
        Assert.False(end?.Succeeded);
    }

    [Fact]
    public void A_done_carrying_an_error_is_a_failure()
    {
        var done = Header(Rtnetlink.NLMSG_DONE, 20, sequence: 7);
        BinaryPrimitives.WriteInt32LittleEndian(done.AsSpan(16), -12 /* ENOMEM */);

        Assert.Equal(new DumpEnd(7, 12), RtnetlinkParser.Parse(done).End);
    }

    [Fact]
    public void An_acknowledgement_is_not_the_end_of_a_dump()
    {
        var ack = Header(Rtnetlink.NLMSG_ERROR, 16 + 4 + 16, sequence: 42);

        Assert.Null(RtnetlinkParser.Parse(ack).End);
    }

    [Fact]
    public void A_dump_message_flagged_interrupted_reports_its_sequence()
    {
        var link = Link(Rtnetlink.RTM_NEWLINK, 7, "eth0", sequence: 5, flags: Rtnetlink.NLM_F_MULTI | Rtnetlink.NLM_F_DUMP_INTR);
        var done = Header(Rtnetlink.NLMSG_DONE, 20, sequence: 5);

        var parsed = RtnetlinkParser.Parse(Concat(link, done));

        Assert.Equal(5u, parsed.InterruptedSequence);
        Assert.Equal(new DumpEnd(5, 0), parsed.End);
        Assert.Single(parsed.Messages);
    }

    [Fact]
    public void An_unflagged_dump_is_not_interrupted()
    {
        var parsed = RtnetlinkParser.Parse(Concat(Link(Rtnetlink.RTM_NEWLINK, 7, "eth0", sequence: 5, flags: Rtnetlink.NLM_F_MULTI), Header(Rtnetlink.NLMSG_DONE, 20, sequence: 5)));

        Assert.Null(parsed.InterruptedSequence);
    }

    [Fact]
    public void Overrun_is_reported()
    {
        Assert.True(RtnetlinkParser.Parse(Header(Rtnetlink.NLMSG_OVERRUN, 16)).Overrun);
    }

    [Fact]
    public void A_truncated_datagram_stops_the_parse_without_throwing()
    {
        var datagram = Link(Rtnetlink.RTM_NEWLINK, 7, "eth0");

        Assert.Empty(RtnetlinkParser.Parse(datagram.AsSpan(0, datagram.Length - 8)).Messages);
        Assert.Empty(RtnetlinkParser.Parse(datagram.AsSpan(0, 10)).Messages);
    }

    [Fact]
    public void The_table_reports_renames_with_the_old_name_and_removals_by_index()
    {
        var table = new LinkTable();
        table.Replace([new LinkMessage(Rtnetlink.RTM_NEWLINK, 2, "eth0", 1, 1)]);

        Assert.Equal(new LinkEvent(LinkEventKind.Changed, 2, "wan0", "eth0"), table.Apply(new LinkMessage(Rtnetlink.RTM_NEWLINK, 2, "wan0", 0, 0)));
        Assert.Equal(new LinkEvent(LinkEventKind.Changed, 2, "wan0"), table.Apply(new LinkMessage(Rtnetlink.RTM_NEWLINK, 2, "wan0", 0, 0)));
        Assert.Equal(new LinkEvent(LinkEventKind.Added, 3, "eth1"), table.Apply(new LinkMessage(Rtnetlink.RTM_NEWLINK, 3, "eth1", 0, 0)));
        Assert.Equal(new LinkEvent(LinkEventKind.Removed, 2, "wan0"), table.Apply(new LinkMessage(Rtnetlink.RTM_DELLINK, 2, null, 0, 0)));
        Assert.Null(table.NameOf(2));
        Assert.Equal("eth1", table.NameOf(3));
    }

    [Theory]
    [InlineData(25)] // rtnl_link_stats64 of 6.x, with rx_otherhost_dropped
    [InlineData(24)] // 4.6 to 5.18: no rx_otherhost_dropped
    [InlineData(23)] // before 4.6: no rx_nohandler either
    public void Stats64_and_txqlen_are_read_whatever_the_kernels_struct_length(int fields)
    {
        // A link message with IFLA_IFNAME, IFLA_TXQLEN and IFLA_STATS64, field i holding 100 + i.
        var link = Link(Rtnetlink.RTM_NEWLINK, 4, "ens192");
        var txqlen = Attribute(Rtnetlink.IFLA_TXQLEN, BitConverter.GetBytes(5000u));
        var stats = new byte[fields * 8];
        for (var i = 0; i < fields; i++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(stats.AsSpan(i * 8), (ulong)(100 + i));
        }

        var message = Concat(link, txqlen, Attribute(Rtnetlink.IFLA_STATS64, stats));
        BinaryPrimitives.WriteUInt32LittleEndian(message, (uint)message.Length);

        var parsed = Assert.Single(RtnetlinkParser.Parse(message).Messages);

        Assert.Equal(5000u, parsed.TxQueueLength);
        // rx_packets is field 0, rx_bytes 2, rx_dropped 6, rx_over_errors 11, rx_fifo_errors 14, rx_missed_errors 15.
        Assert.Equal(new LinkCounters(102, 100, 104, 106, 115, 114, 111, 103, 101, 105, 107), parsed.Counters);
    }

    [Fact]
    public void Discovery_attributes_are_read_as_the_kernel_puts_them()
    {
        // What rtnl_fill_ifinfo() puts for a veth enslaved to a bridge: ifi_type ARPHRD_ETHER (1), and IFLA_LINKINFO
        // as a nest (sent without NLA_F_NESTED by the kernel; set here to show it is masked off).
        var kind = Attribute(Rtnetlink.IFLA_INFO_KIND, Encoding.UTF8.GetBytes("veth\0"));
        var message = Message(
            Link(Rtnetlink.RTM_NEWLINK, 9, "vb0", deviceType: 1),
            Attribute(Rtnetlink.IFLA_MTU, BitConverter.GetBytes(9000u)),
            Attribute(Rtnetlink.IFLA_OPERSTATE, [6]),
            Attribute(Rtnetlink.IFLA_ADDRESS, [0x02, 0xab, 0x0c, 0x00, 0xff, 0x1e]),
            Attribute(Rtnetlink.IFLA_LINK, BitConverter.GetBytes(10)),
            Attribute(Rtnetlink.IFLA_MASTER, BitConverter.GetBytes(4)),
            Attribute(Rtnetlink.IFLA_PHYS_PORT_NAME, Encoding.UTF8.GetBytes("sby\0")),
            Attribute((ushort)(Rtnetlink.IFLA_LINKINFO | Rtnetlink.NLA_F_NESTED), kind));

        var parsed = Assert.Single(RtnetlinkParser.Parse(message).Messages);

        Assert.Equal(new LinkAttributes(1, 9000, 6, "02:ab:0c:00:ff:1e", 10, 4, "sby", "veth"), parsed.Attributes);
    }

    [Fact]
    public void Attributes_the_message_lacks_stay_null()
    {
        // lo: ARPHRD_LOOPBACK (772), no IFLA_LINK (iflink equals the index), no master, no link kind.
        var parsed = Assert.Single(RtnetlinkParser.Parse(Link(Rtnetlink.RTM_NEWLINK, 1, "lo", deviceType: 772)).Messages);

        Assert.Equal(new LinkAttributes(DeviceType: 772), parsed.Attributes);
    }

    [Fact]
    public void A_link_info_nest_without_a_kind_gives_none()
    {
        // IFLA_LINKINFO carrying only IFLA_INFO_SLAVE_KIND (3): a port of a bridge whose own kind is unknown.
        var nest = Attribute(Rtnetlink.IFLA_LINKINFO, Attribute(3, Encoding.UTF8.GetBytes("bridge\0")));

        var parsed = Assert.Single(RtnetlinkParser.Parse(Message(Link(Rtnetlink.RTM_NEWLINK, 5, "eth0"), nest)).Messages);

        Assert.Null(parsed.Attributes.Kind);
    }

    [Fact]
    public void Short_values_are_ignored_rather_than_read_past()
    {
        var message = Message(
            Link(Rtnetlink.RTM_NEWLINK, 5, "eth0"),
            Attribute(Rtnetlink.IFLA_MTU, [0xdc, 0x05]),
            Attribute(Rtnetlink.IFLA_MASTER, [1]),
            Attribute(Rtnetlink.IFLA_OPERSTATE, []));

        var parsed = Assert.Single(RtnetlinkParser.Parse(message).Messages);

        Assert.Equal(default, parsed.Attributes);
    }

    [Theory]
    [InlineData(new byte[] { 0x00, 0x00, 0x00, 0x00, 0x00, 0x00 }, "00:00:00:00:00:00")]
    [InlineData(new byte[] { 0xfe, 0xdc, 0xba, 0x98, 0x76, 0x54 }, "fe:dc:ba:98:76:54")]
    [InlineData(new byte[] { 0x0a }, "0a")]
    [InlineData(new byte[] { 0xc0, 0xa8, 0x01, 0x02 }, "c0:a8:01:02")] // an ipip tunnel's 4-byte address
    public void Addresses_are_formatted_as_sysfs_formats_them(byte[] address, string expected)
    {
        Assert.Equal(expected, RtnetlinkParser.FormatAddress(address));
    }

    [Fact]
    public void A_dump_request_with_an_extension_mask_carries_it_as_IFLA_EXT_MASK()
    {
        var request = new byte[RouteSocket.LinkDumpRequestMaxSize];

        var length = RouteSocket.WriteLinkDumpRequest(request, sequence: 77, Rtnetlink.RTEXT_FILTER_SKIP_STATS);

        Assert.Equal(40, length);
        Assert.Equal(40u, BinaryPrimitives.ReadUInt32LittleEndian(request));
        Assert.Equal(Rtnetlink.RTM_GETLINK, BinaryPrimitives.ReadUInt16LittleEndian(request.AsSpan(4)));
        Assert.Equal(Rtnetlink.NLM_F_REQUEST | Rtnetlink.NLM_F_DUMP, BinaryPrimitives.ReadUInt16LittleEndian(request.AsSpan(6)));
        Assert.Equal(77u, BinaryPrimitives.ReadUInt32LittleEndian(request.AsSpan(8)));
        Assert.Equal(8, BinaryPrimitives.ReadUInt16LittleEndian(request.AsSpan(32)));
        Assert.Equal(Rtnetlink.IFLA_EXT_MASK, BinaryPrimitives.ReadUInt16LittleEndian(request.AsSpan(34)));
        Assert.Equal(Rtnetlink.RTEXT_FILTER_SKIP_STATS, BinaryPrimitives.ReadUInt32LittleEndian(request.AsSpan(36)));
        Assert.Equal(32, RouteSocket.WriteLinkDumpRequest(request, sequence: 78, extFilterMask: 0));
    }

    /// <summary>A link message with more attributes appended, its length fixed up.</summary>
    private static byte[] Message(params byte[][] parts)
    {
        var message = Concat(parts);
        BinaryPrimitives.WriteUInt32LittleEndian(message, (uint)message.Length);
        return message;
    }

    private static byte[] Attribute(ushort type, byte[] value)
    {
        var attribute = new byte[Rtnetlink.RTA_ALIGN(4 + value.Length)];
        BinaryPrimitives.WriteUInt16LittleEndian(attribute, (ushort)(4 + value.Length));
        BinaryPrimitives.WriteUInt16LittleEndian(attribute.AsSpan(2), type);
        value.CopyTo(attribute, 4);
        return attribute;
    }

    private static byte[] Link(ushort type, int ifIndex, string name, byte family = 0, uint sequence = 0, ushort flags = 0, ushort deviceType = 0)
    {
        var nameBytes = Encoding.UTF8.GetBytes(name + "\0");
        var attributeLength = 4 + nameBytes.Length;
        var length = 16 + 16 + Rtnetlink.RTA_ALIGN(attributeLength);
        var message = Header(type, length, sequence, flags);
        message[16] = family;
        BinaryPrimitives.WriteUInt16LittleEndian(message.AsSpan(18), deviceType);
        BinaryPrimitives.WriteInt32LittleEndian(message.AsSpan(20), ifIndex);
        BinaryPrimitives.WriteUInt16LittleEndian(message.AsSpan(32), (ushort)attributeLength);
        BinaryPrimitives.WriteUInt16LittleEndian(message.AsSpan(34), Rtnetlink.IFLA_IFNAME);
        nameBytes.CopyTo(message, 36);
        return message;
    }

    private static byte[] Header(ushort type, int length, uint sequence = 0, ushort flags = 0)
    {
        var message = new byte[Rtnetlink.NLMSG_ALIGN(length)];
        BinaryPrimitives.WriteUInt32LittleEndian(message, (uint)length);
        BinaryPrimitives.WriteUInt16LittleEndian(message.AsSpan(4), type);
        BinaryPrimitives.WriteUInt16LittleEndian(message.AsSpan(6), flags);
        BinaryPrimitives.WriteUInt32LittleEndian(message.AsSpan(8), sequence);
        return message;
    }

    private static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];
}
