using System.Runtime.InteropServices;

namespace Nictune.Linux;

internal static partial class Interop
{
    internal static partial class Ethtool
    {
        /// <summary>Header of GSTATS; <c>__u64 data[]</c> follows, <c>n_stats</c> counters.</summary>
        [StructLayout(LayoutKind.Sequential)]
        internal struct ethtool_stats
        {
            public uint cmd;
            public uint n_stats;
        }
    }
}
