using System.Runtime.InteropServices;

namespace Nictune.Linux;

#pragma warning disable CA1707, IDE1006, CS8981 // Kernel UAPI names kept verbatim (linux/if_link.h) so they can be checked against the C headers.

internal static partial class Interop
{
    internal static partial class Netlink
    {
        /// <summary>
        /// <c>struct rtnl_link_stats64</c>, the payload of IFLA_STATS64 (linux/if_link.h, 6.x). Older kernels send a
        /// shorter struct (rx_nohandler arrived in 4.6, rx_otherhost_dropped in 5.19): the parser copies only the
        /// bytes the attribute holds, so missing trailing fields read as zero.
        /// </summary>
        [StructLayout(LayoutKind.Sequential)]
        internal struct rtnl_link_stats64
        {
            public ulong rx_packets;
            public ulong tx_packets;
            public ulong rx_bytes;
            public ulong tx_bytes;
            public ulong rx_errors;
            public ulong tx_errors;
            public ulong rx_dropped;
            public ulong tx_dropped;
            public ulong multicast;
            public ulong collisions;
            public ulong rx_length_errors;
            public ulong rx_over_errors;
            public ulong rx_crc_errors;
            public ulong rx_frame_errors;
            public ulong rx_fifo_errors;
            public ulong rx_missed_errors;
            public ulong tx_aborted_errors;
            public ulong tx_carrier_errors;
            public ulong tx_fifo_errors;
            public ulong tx_heartbeat_errors;
            public ulong tx_window_errors;
            public ulong rx_compressed;
            public ulong tx_compressed;
            public ulong rx_nohandler;
            public ulong rx_otherhost_dropped;
        }
    }
}
