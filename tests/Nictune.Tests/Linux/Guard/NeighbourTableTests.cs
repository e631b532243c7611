using System.Net;
using System.Runtime.InteropServices;
using Nictune.Core.Guard;
using Nictune.Linux.Guard;
using Xunit;
using N = Nictune.Linux.Interop.Neighbour;

namespace Nictune.Tests.Linux.Guard;

public sealed class NeighbourTableTests
{
    [Theory]
    [InlineData(N.NUD_REACHABLE, NeighbourStatus.Reachable, "REACHABLE")]
    [InlineData(N.NUD_FAILED, NeighbourStatus.Failed, "FAILED")]
    [InlineData(N.NUD_PERMANENT, NeighbourStatus.Static, "PERMANENT")]
    [InlineData(N.NUD_NOARP, NeighbourStatus.Static, "NOARP")]
    [InlineData(N.NUD_STALE, NeighbourStatus.Pending, "STALE")]
    [InlineData(N.NUD_PROBE, NeighbourStatus.Pending, "PROBE")]
    [InlineData(N.NUD_INCOMPLETE, NeighbourStatus.Pending, "INCOMPLETE")]
    public void A_neighbour_state_is_named_as_ip_neigh_names_it(ushort state, NeighbourStatus status, string name)
    {
        Assert.Equal(new NeighbourSample(status, name), NeighbourTable.Sample(state));
    }

    [Theory]
    [InlineData(0, N.RTN_UNICAST, N.RT_TABLE_MAIN, 3, "10.0.0.1")]
    [InlineData(0, N.RTN_UNICAST, N.RT_TABLE_MAIN, 4, null)] // through another interface
    [InlineData(24, N.RTN_UNICAST, N.RT_TABLE_MAIN, 3, null)] // not a default route
    [InlineData(0, N.RTN_UNICAST, 100, 3, null)] // another table
    [InlineData(0, 6, N.RT_TABLE_MAIN, 3, null)] // RTN_PROHIBIT
    public void Only_a_default_unicast_route_of_the_main_table_through_the_interface_names_a_gateway(byte dstLen, byte type, byte table, int oif, string? expected)
    {
        var route = new Nictune.Linux.Interop.Netlink.rtmsg { rtm_family = N.AF_INET, rtm_dst_len = dstLen, rtm_table = table, rtm_type = type };
        var payload = new List<byte>(MemoryMarshal.AsBytes(new ReadOnlySpan<Nictune.Linux.Interop.Netlink.rtmsg>(ref route)).ToArray());
        payload.AddRange(Attribute(N.RTA_OIF, BitConverter.GetBytes(oif)));
        payload.AddRange(Attribute(N.RTA_GATEWAY, IPAddress.Parse("10.0.0.1").GetAddressBytes()));

        Assert.Equal(expected, NeighbourTable.DefaultGateway(payload.ToArray(), ifindex: 3)?.ToString());
    }

    private static byte[] Attribute(ushort type, byte[] value) =>
        [.. BitConverter.GetBytes((ushort)(4 + value.Length)), .. BitConverter.GetBytes(type), .. value];
}
