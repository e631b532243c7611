using System.Runtime.InteropServices;

namespace Nictune.Linux;

internal static partial class Interop
{
    internal static partial class Ethtool
    {
        /// <summary>
        /// The legacy link settings of ETHTOOL_GSET. Discovery reads only the speed from it, <c>speed_hi:speed</c>
        /// (<c>ethtool_cmd_speed()</c>), which the kernel converts from the driver's link_ksettings unchanged.
        /// </summary>
        [StructLayout(LayoutKind.Sequential)]
        internal unsafe struct ethtool_cmd
        {
            public uint cmd;
            public uint supported;
            public uint advertising;
            public ushort speed;
            public byte duplex;
            public byte port;
            public byte phy_address;
            public byte transceiver;
            public byte autoneg;
            public byte mdio_support;
            public uint maxtxpkt;
            public uint maxrxpkt;
            public ushort speed_hi;
            public byte eth_tp_mdix;
            public byte eth_tp_mdix_ctrl;
            public uint lp_advertising;
            public fixed uint reserved[2];
        }
    }
}
