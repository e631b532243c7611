namespace Nictune.Linux;

#pragma warning disable CA1707, IDE1006 // Kernel UAPI names kept verbatim (linux/netlink.h, linux/rtnetlink.h, linux/neighbour.h).

internal static partial class Interop
{
    /// <summary>
    /// The rtnetlink constants the health guard's gateway probe uses: the default routes (RTM_GETROUTE) and the
    /// gateway's neighbour entry (RTM_GETNEIGH, RTM_NEWNEIGH). The link monitor's own are in <see cref="Rtnetlink"/>.
    /// </summary>
    internal static class Neighbour
    {
        // Message types (linux/rtnetlink.h).
        public const ushort RTM_NEWROUTE = 24;
        public const ushort RTM_GETROUTE = 26;
        public const ushort RTM_NEWNEIGH = 28;
        public const ushort RTM_GETNEIGH = 30;

        // nlmsg_flags of a request that changes something (linux/netlink.h).
        public const ushort NLM_F_ACK = 0x4;
        public const ushort NLM_F_REPLACE = 0x100;
        public const ushort NLM_F_CREATE = 0x400;

        // Address families of rtmsg.rtm_family and ndmsg.ndm_family (sys/socket.h).
        public const byte AF_INET = 2;
        public const byte AF_INET6 = 10;

        // rtmsg fields of a plain unicast route in the main table.
        public const byte RT_TABLE_MAIN = 254;
        public const byte RTN_UNICAST = 1;

        // rtattr types inside a route message.
        public const ushort RTA_GATEWAY = 5;
        public const ushort RTA_OIF = 4;
        public const ushort RTA_TABLE = 15;

        // rtattr types inside a neighbour message (linux/neighbour.h).
        public const ushort NDA_DST = 1;

        // ndmsg.ndm_state bits (linux/neighbour.h).
        public const ushort NUD_INCOMPLETE = 0x01;
        public const ushort NUD_REACHABLE = 0x02;
        public const ushort NUD_STALE = 0x04;
        public const ushort NUD_DELAY = 0x08;
        public const ushort NUD_PROBE = 0x10;
        public const ushort NUD_FAILED = 0x20;
        public const ushort NUD_NOARP = 0x40;
        public const ushort NUD_PERMANENT = 0x80;
        public const ushort NUD_NONE = 0x00;

        /// <summary>ndmsg.ndm_flags of RTM_NEWNEIGH: resolve the entry as a packet to it would (linux/neighbour.h).</summary>
        public const byte NTF_USE = 0x01;
    }
}
