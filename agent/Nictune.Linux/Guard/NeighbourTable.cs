using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Nictune.Core.Guard;
using Nictune.Linux.Netlink;
using static Nictune.Linux.Interop.Netlink;
using N = Nictune.Linux.Interop.Neighbour;

namespace Nictune.Linux.Guard;

/// <summary>
/// The gateway probe's rtnetlink questions (docs/guard.md): the gateways of the main table's default routes through an
/// interface (RTM_GETROUTE), the state of a neighbour entry (RTM_GETNEIGH), and a fresh resolution of one
/// (RTM_NEWNEIGH: an entry the kernel holds as valid is set to NUD_PROBE, which re-confirms the address it has with
/// ARP or NDP at once; any other is resolved with NTF_USE, as a packet to it would be).
/// </summary>
internal static class NeighbourTable
{
    /// <summary>The entry states whose address the kernel learned and will confirm again when set to NUD_PROBE.</summary>
    private const ushort Learned = N.NUD_REACHABLE | N.NUD_STALE | N.NUD_DELAY | N.NUD_PROBE;

    /// <summary>The entry states that never become REACHABLE: an address set by hand, or a device without ARP.</summary>
    private const ushort Static = N.NUD_PERMANENT | N.NUD_NOARP;

    private static readonly int RouteSize = Marshal.SizeOf<rtmsg>();
    private static readonly int NeighbourSize = Marshal.SizeOf<ndmsg>();

    /// <summary>The gateways of the single-path default routes (IPv4, then IPv6) of the main table that leave through <paramref name="ifindex"/>.</summary>
    public static IReadOnlyList<IPAddress> DefaultGateways(int ifindex)
    {
        var gateways = new List<IPAddress>();
        foreach (var family in (ReadOnlySpan<byte>)[N.AF_INET, N.AF_INET6])
        {
            var (messages, errno) = NetlinkExchange.Send(NetlinkExchange.Request(
                N.RTM_GETROUTE, Interop.Rtnetlink.NLM_F_DUMP, new rtmsg { rtm_family = family }, 0, default));
            Check(errno, "RTM_GETROUTE");
            gateways.AddRange(messages.Where(m => m.Type == N.RTM_NEWROUTE).Select(m => DefaultGateway(m.Payload, ifindex)).OfType<IPAddress>());
        }

        return gateways;
    }

    /// <summary>What the kernel's neighbour table holds for <paramref name="address"/> on <paramref name="ifindex"/>.</summary>
    public static NeighbourSample Read(IPAddress address, int ifindex) =>
        State(address, ifindex) is { } state ? Sample(state) : new NeighbourSample(NeighbourStatus.Pending, "absent");

    /// <summary>Has the kernel resolve <paramref name="address"/> on <paramref name="ifindex"/> afresh, even when its entry reads REACHABLE now.</summary>
    public static void Solicit(IPAddress address, int ifindex)
    {
        var state = State(address, ifindex);
        if ((state & Static) is > 0)
        {
            return;
        }

        var request = (state & Learned) is > 0
            ? NetlinkExchange.Request(N.RTM_NEWNEIGH, N.NLM_F_ACK | N.NLM_F_REPLACE, Entry(address, ifindex, N.NUD_PROBE, 0), N.NDA_DST, address.GetAddressBytes())
            : NetlinkExchange.Request(N.RTM_NEWNEIGH, N.NLM_F_ACK | N.NLM_F_CREATE, Entry(address, ifindex, 0, N.NTF_USE), N.NDA_DST, address.GetAddressBytes());
        Check(NetlinkExchange.Send(request).Errno, "RTM_NEWNEIGH");
    }

    /// <summary>The sample of an ndm_state, named as <c>ip neigh</c> names it.</summary>
    internal static NeighbourSample Sample(ushort state) => state switch
    {
        N.NUD_REACHABLE => new(NeighbourStatus.Reachable, "REACHABLE"),
        N.NUD_FAILED => new(NeighbourStatus.Failed, "FAILED"),
        _ when (state & N.NUD_PERMANENT) != 0 => new(NeighbourStatus.Static, "PERMANENT"),
        _ when (state & N.NUD_NOARP) != 0 => new(NeighbourStatus.Static, "NOARP"),
        N.NUD_INCOMPLETE => new(NeighbourStatus.Pending, "INCOMPLETE"),
        N.NUD_STALE => new(NeighbourStatus.Pending, "STALE"),
        N.NUD_DELAY => new(NeighbourStatus.Pending, "DELAY"),
        N.NUD_PROBE => new(NeighbourStatus.Pending, "PROBE"),
        N.NUD_NONE => new(NeighbourStatus.Pending, "NONE"),
        _ => new(NeighbourStatus.Pending, $"0x{state:x2}"),
    };

    /// <summary>The entry's ndm_state; null when there is none.</summary>
    private static ushort? State(IPAddress address, int ifindex)
    {
        var (messages, errno) = NetlinkExchange.Send(NetlinkExchange.Request(
            N.RTM_GETNEIGH, N.NLM_F_ACK, Entry(address, ifindex, 0, 0), N.NDA_DST, address.GetAddressBytes()));
        if (errno == Nictune.Core.Tuning.Errnos.ENOENT)
        {
            return null;
        }

        Check(errno, "RTM_GETNEIGH");
        return messages.FirstOrDefault(m => m.Type == N.RTM_NEWNEIGH && m.Payload.Length >= NeighbourSize) is { } reply
            ? MemoryMarshal.Read<ndmsg>(reply.Payload).ndm_state
            : null;
    }

    private static ndmsg Entry(IPAddress address, int ifindex, ushort state, byte flags) => new()
    {
        ndm_family = address.AddressFamily == AddressFamily.InterNetworkV6 ? N.AF_INET6 : N.AF_INET,
        ndm_ifindex = ifindex,
        ndm_state = state,
        ndm_flags = flags,
    };

    /// <summary>The gateway of a default unicast route of the main table through <paramref name="ifindex"/>; null for any other route.</summary>
    internal static IPAddress? DefaultGateway(ReadOnlySpan<byte> payload, int ifindex)
    {
        if (payload.Length < RouteSize)
        {
            return null;
        }

        var route = MemoryMarshal.Read<rtmsg>(payload);
        if (route.rtm_dst_len != 0 || route.rtm_type != N.RTN_UNICAST)
        {
            return null;
        }

        uint table = route.rtm_table;
        int? oif = null;
        IPAddress? gateway = null;
        foreach (var (type, value) in new AttributeReader(payload[Interop.Rtnetlink.NLMSG_ALIGN(RouteSize)..]))
        {
            switch (type)
            {
                case N.RTA_TABLE when value.Length == sizeof(uint):
                    table = MemoryMarshal.Read<uint>(value);
                    break;
                case N.RTA_OIF when value.Length == sizeof(int):
                    oif = MemoryMarshal.Read<int>(value);
                    break;
                case N.RTA_GATEWAY when value.Length is 4 or 16:
                    gateway = new IPAddress(value);
                    break;
            }
        }

        return table == N.RT_TABLE_MAIN && oif == ifindex ? gateway : null;
    }

    private static void Check(int errno, string request)
    {
        if (errno != 0)
        {
            throw new IOException($"{request} failed: {Interop.Errors.Describe(errno)}");
        }
    }
}
