using System.Runtime.InteropServices;

namespace Nictune.Linux;

internal static partial class Interop
{
    internal static partial class Ethtool
    {
        [StructLayout(LayoutKind.Sequential)]
        internal struct ethtool_coalesce
        {
            public uint cmd;
            public uint rx_coalesce_usecs;
            public uint rx_max_coalesced_frames;
            public uint rx_coalesce_usecs_irq;
            public uint rx_max_coalesced_frames_irq;
            public uint tx_coalesce_usecs;
            public uint tx_max_coalesced_frames;
            public uint tx_coalesce_usecs_irq;
            public uint tx_max_coalesced_frames_irq;
            public uint stats_block_coalesce_usecs;
            public uint use_adaptive_rx_coalesce;
            public uint use_adaptive_tx_coalesce;
            public uint pkt_rate_low;
            public uint rx_coalesce_usecs_low;
            public uint rx_max_coalesced_frames_low;
            public uint tx_coalesce_usecs_low;
            public uint tx_max_coalesced_frames_low;
            public uint pkt_rate_high;
            public uint rx_coalesce_usecs_high;
            public uint rx_max_coalesced_frames_high;
            public uint tx_coalesce_usecs_high;
            public uint tx_max_coalesced_frames_high;
            public uint rate_sample_interval;
        }
    }
}
