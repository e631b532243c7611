using System.Runtime.InteropServices;

namespace Nictune.Linux;

#pragma warning disable CA1707, IDE1006, CS8981 // Kernel UAPI names kept verbatim (linux/rtnetlink.h) so they can be checked against the C headers.

internal static partial class Interop
{
    internal static partial class Netlink
    {
        /// <summary><c>struct rtattr</c>: the header of each attribute after the fixed part of a route message.</summary>
        [StructLayout(LayoutKind.Sequential)]
        internal struct rtattr
        {
            public ushort rta_len;
            public ushort rta_type;
        }
    }
}
