using System.Runtime.InteropServices;

namespace Nictune.Linux;

internal static partial class Interop
{
    internal static partial class Ethtool
    {
        /// <summary>Bits set in <c>valid</c> are changed to the matching bit of <c>requested</c>.</summary>
        [StructLayout(LayoutKind.Sequential)]
        internal struct ethtool_set_features_block
        {
            public uint valid;
            public uint requested;
        }
    }
}
