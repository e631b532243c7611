using System.Runtime.InteropServices;

namespace Nictune.Linux;

internal static partial class Interop
{
    internal static partial class Ethtool
    {
        [StructLayout(LayoutKind.Sequential)]
        internal struct ethtool_channels
        {
            public uint cmd;
            public uint max_rx;
            public uint max_tx;
            public uint max_other;
            public uint max_combined;
            public uint rx_count;
            public uint tx_count;
            public uint other_count;
            public uint combined_count;
        }
    }
}
