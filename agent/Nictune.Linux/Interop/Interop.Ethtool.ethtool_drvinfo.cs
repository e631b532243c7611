using System.Runtime.InteropServices;

namespace Nictune.Linux;

internal static partial class Interop
{
    internal static partial class Ethtool
    {
        [StructLayout(LayoutKind.Sequential)]
        internal unsafe struct ethtool_drvinfo
        {
            public uint cmd;
            public fixed byte driver[32];
            public fixed byte version[32];
            public fixed byte fw_version[ETHTOOL_FWVERS_LEN];
            public fixed byte bus_info[ETHTOOL_BUSINFO_LEN];
            public fixed byte erom_version[ETHTOOL_EROMVERS_LEN];
            public fixed byte reserved2[12];
            public uint n_priv_flags;
            public uint n_stats;
            public uint testinfo_len;
            public uint eedump_len;
            public uint regdump_len;
        }
    }
}
