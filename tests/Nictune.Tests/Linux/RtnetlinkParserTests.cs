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

        var messages = RtnetlinkParser.Parse(datagram, out var done, out var overrun);

        Assert.Equal([new LinkMessage(Rtnetlink.RTM_NEWLINK, 7, "eth0", 0, 0), new LinkMessage(Rtnetlink.RTM_DELLINK, 8, "eth12345", 0, 0)], messages);
        Assert.Null(done);
        Assert.False(overrun);
    }

    [Fact]
    public void Bridge_port_messages_are_not_link_events()
    {
        var datagram = Link(Rtnetlink.RTM_DELLINK, 7, "eth0", family: 7 /* AF_BRIDGE */);

        Assert.Empty(RtnetlinkParser.Parse(datagram, out _, out _));
    }

    [Fact]
    public void Done_reports_the_sequence_it_ends()
    {
        var done = Header(Rtnetlink.NLMSG_DONE, 20, sequence: 99);

        RtnetlinkParser.Parse(done, out var sequence, out _);

        Assert.Equal(99u, sequence);
    }

    [Fact]
    public void A_truncated_datagram_stops_the_parse_without_throwing()
    {
        var datagram = Link(Rtnetlink.RTM_NEWLINK, 7, "eth0");

        Assert.Empty(RtnetlinkParser.Parse(datagram.AsSpan(0, datagram.Length - 8), out _, out _));
        Assert.Empty(RtnetlinkParser.Parse(datagram.AsSpan(0, 10), out _, out _));
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

    private static byte[] Link(ushort type, int ifIndex, string name, byte family = 0)
    {
        var nameBytes = Encoding.UTF8.GetBytes(name + "\0");
        var attributeLength = 4 + nameBytes.Length;
        var length = 16 + 16 + Rtnetlink.RTA_ALIGN(attributeLength);
        var message = Header(type, length);
        message[16] = family;
        BinaryPrimitives.WriteInt32LittleEndian(message.AsSpan(20), ifIndex);
        BinaryPrimitives.WriteUInt16LittleEndian(message.AsSpan(32), (ushort)attributeLength);
        BinaryPrimitives.WriteUInt16LittleEndian(message.AsSpan(34), Rtnetlink.IFLA_IFNAME);
        nameBytes.CopyTo(message, 36);
        return message;
    }

    private static byte[] Header(ushort type, int length, uint sequence = 0)
    {
        var message = new byte[Rtnetlink.NLMSG_ALIGN(length)];
        BinaryPrimitives.WriteUInt32LittleEndian(message, (uint)length);
        BinaryPrimitives.WriteUInt16LittleEndian(message.AsSpan(4), type);
        BinaryPrimitives.WriteUInt32LittleEndian(message.AsSpan(8), sequence);
        return message;
    }

    private static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];
}
