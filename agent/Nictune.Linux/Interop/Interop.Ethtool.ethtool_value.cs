using System.Runtime.InteropServices;

namespace Nictune.Linux;

internal static partial class Interop
{
    internal static partial class Ethtool
    {
        /// <summary>The generic one-value command (ETHTOOL_GLINK and friends).</summary>
        [StructLayout(LayoutKind.Sequential)]
        internal struct ethtool_value
        {
            public uint cmd;
            public uint data;
        }
    }
}
