namespace Nictune.Linux;

#pragma warning disable CA1707, IDE1006, CS8981 // Kernel UAPI names kept verbatim (linux/netlink.h, linux/rtnetlink.h, linux/if_link.h).

internal static partial class Interop
{
    /// <summary>The netlink and rtnetlink constants the link monitor, the link statistics dump and discovery use.</summary>
    internal static class Rtnetlink
    {
        // Message types (linux/netlink.h, linux/rtnetlink.h).
        public const ushort NLMSG_NOOP = 1;
        public const ushort NLMSG_ERROR = 2;
        public const ushort NLMSG_DONE = 3;
        public const ushort NLMSG_OVERRUN = 4;
        public const ushort RTM_NEWLINK = 16;
        public const ushort RTM_DELLINK = 17;
        public const ushort RTM_GETLINK = 18;

        // nlmsg_flags.
        public const ushort NLM_F_REQUEST = 0x1;
        public const ushort NLM_F_MULTI = 0x2;
        public const ushort NLM_F_DUMP_INTR = 0x10;
        public const ushort NLM_F_ROOT = 0x100;
        public const ushort NLM_F_MATCH = 0x200;
        public const ushort NLM_F_DUMP = NLM_F_ROOT | NLM_F_MATCH;

        /// <summary>The legacy multicast group bit for link notifications, for <c>sockaddr_nl.nl_groups</c>.</summary>
        public const uint RTMGRP_LINK = 0x1;

        /// <summary>ifinfomsg.ifi_flags: the device is up (net/if.h).</summary>
        public const uint IFF_UP = 0x1;

        /// <summary>In ifi_flags while the device runs and its carrier is up (<c>dev_get_flags()</c>); what sysfs's <c>carrier</c> reads as 1.</summary>
        public const uint IFF_LOWER_UP = 0x10000;

        /// <summary>ifinfomsg.ifi_family of a plain link message; AF_BRIDGE ones describe bridge ports, not links.</summary>
        public const byte AF_UNSPEC = 0;

        // rtattr types inside a link message (linux/if_link.h).
        public const ushort IFLA_ADDRESS = 1;
        public const ushort IFLA_IFNAME = 3;
        public const ushort IFLA_MTU = 4;
        public const ushort IFLA_LINK = 5;
        public const ushort IFLA_MASTER = 10;
        public const ushort IFLA_TXQLEN = 13;
        public const ushort IFLA_OPERSTATE = 16;
        public const ushort IFLA_LINKINFO = 18;
        public const ushort IFLA_STATS64 = 23;
        public const ushort IFLA_EXT_MASK = 29;
        public const ushort IFLA_PHYS_PORT_NAME = 38;

        /// <summary>Inside IFLA_LINKINFO: the rtnl_link_ops kind ("veth", "bridge", …).</summary>
        public const ushort IFLA_INFO_KIND = 1;

        /// <summary>The flag bits of rtattr.rta_type (linux/netlink.h); the type proper is what is left.</summary>
        public const ushort NLA_F_NESTED = 0x8000;
        public const ushort NLA_F_NET_BYTEORDER = 0x4000;

        /// <summary>IFLA_EXT_MASK bit: leave the statistics out of a dump that does not need them (linux/rtnetlink.h).</summary>
        public const uint RTEXT_FILTER_SKIP_STATS = 1 << 3;

        public const int NLMSG_ALIGNTO = 4;
        public const int RTA_ALIGNTO = 4;

        public static int NLMSG_ALIGN(int len) => (len + NLMSG_ALIGNTO - 1) & ~(NLMSG_ALIGNTO - 1);

        public static int RTA_ALIGN(int len) => (len + RTA_ALIGNTO - 1) & ~(RTA_ALIGNTO - 1);

        /// <summary>An attribute's type without the NLA_F_NESTED and NLA_F_NET_BYTEORDER flags (NLA_TYPE_MASK).</summary>
        public static ushort AttributeType(ushort rta_type) => (ushort)(rta_type & ~(NLA_F_NESTED | NLA_F_NET_BYTEORDER));
    }
}
