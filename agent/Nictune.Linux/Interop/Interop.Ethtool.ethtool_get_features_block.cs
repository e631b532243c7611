using System.Runtime.InteropServices;

namespace Nictune.Linux;

internal static partial class Interop
{
    internal static partial class Ethtool
    {
        /// <summary>The state of 32 features; bit i of block b is feature 32 * b + i of the ETH_SS_FEATURES strings.</summary>
        [StructLayout(LayoutKind.Sequential)]
        internal struct ethtool_get_features_block
        {
            public uint available;
            public uint requested;
            public uint active;
            public uint never_changed;
        }
    }
}
