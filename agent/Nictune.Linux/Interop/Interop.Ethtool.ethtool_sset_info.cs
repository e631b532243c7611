using System.Runtime.InteropServices;

namespace Nictune.Linux;

internal static partial class Interop
{
    internal static partial class Ethtool
    {
        /// <summary>
        /// Header of the GSSET_INFO reply; <c>__u32 data[]</c> follows, one count per bit set in the returned mask.
        /// </summary>
        [StructLayout(LayoutKind.Sequential)]
        internal struct ethtool_sset_info
        {
            public uint cmd;
            public uint reserved;
            public ulong sset_mask;
        }
    }
}
