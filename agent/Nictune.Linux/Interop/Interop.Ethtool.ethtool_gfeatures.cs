using System.Runtime.InteropServices;

namespace Nictune.Linux;

internal static partial class Interop
{
    internal static partial class Ethtool
    {
        /// <summary>
        /// Header of GFEATURES; <c>ethtool_get_features_block features[]</c> follows. On entry <c>size</c> is the
        /// number of blocks the buffer holds; on return, the number the device needs.
        /// </summary>
        [StructLayout(LayoutKind.Sequential)]
        internal struct ethtool_gfeatures
        {
            public uint cmd;
            public uint size;
        }
    }
}
