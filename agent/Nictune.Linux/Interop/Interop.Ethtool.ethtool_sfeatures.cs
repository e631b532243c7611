using System.Runtime.InteropServices;

namespace Nictune.Linux;

internal static partial class Interop
{
    internal static partial class Ethtool
    {
        /// <summary>Header of SFEATURES; <c>ethtool_set_features_block features[]</c> follows, <c>size</c> blocks.</summary>
        [StructLayout(LayoutKind.Sequential)]
        internal struct ethtool_sfeatures
        {
            public uint cmd;
            public uint size;
        }
    }
}
