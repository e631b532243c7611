using System.Runtime.InteropServices;

namespace Nictune.Linux;

internal static partial class Interop
{
    internal static partial class Ethtool
    {
        /// <summary>Header of GSTRINGS; <c>__u8 data[]</c> follows, <c>len</c> NUL-padded strings of ETH_GSTRING_LEN.</summary>
        [StructLayout(LayoutKind.Sequential)]
        internal struct ethtool_gstrings
        {
            public uint cmd;
            public uint string_set;
            public uint len;
        }
    }
}
