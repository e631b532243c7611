using System.Runtime.InteropServices;

namespace Nictune.Linux;

internal static partial class Interop
{
    internal static partial class Ioctl
    {
        /// <summary>
        /// struct ifreq as SIOCETHTOOL uses it: the name and the <c>ifr_data</c> member of the <c>ifr_ifru</c> union.
        /// The union's largest member is <c>struct ifmap</c> (two unsigned longs, a short and three chars), 24 bytes
        /// on LP64; the padding after <c>ifr_data</c> completes it. The kernel copies the whole 40-byte struct in,
        /// so the padding matters. Only LP64 targets are shipped (linux-x64, linux-arm64).
        /// </summary>
        // The C name is kept verbatim so the layout test can offsetof() it; it is nested, so a future keyword can't clash.
#pragma warning disable CS8981 // lower-case type name
        [StructLayout(LayoutKind.Sequential)]
        internal unsafe struct ifreq
#pragma warning restore CS8981
        {
            public fixed byte ifr_name[IFNAMSIZ];
            public void* ifr_data;
            private readonly nint _ifru_pad1;
            private readonly nint _ifru_pad2;
        }
    }
}
