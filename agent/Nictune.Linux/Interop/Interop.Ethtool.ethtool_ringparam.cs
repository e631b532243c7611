using System.Runtime.InteropServices;

namespace Nictune.Linux;

internal static partial class Interop
{
    internal static partial class Ethtool
    {
        [StructLayout(LayoutKind.Sequential)]
        internal struct ethtool_ringparam
        {
            public uint cmd;
            public uint rx_max_pending;
            public uint rx_mini_max_pending;
            public uint rx_jumbo_max_pending;
            public uint tx_max_pending;
            public uint rx_pending;
            public uint rx_mini_pending;
            public uint rx_jumbo_pending;
            public uint tx_pending;
        }
    }
}
