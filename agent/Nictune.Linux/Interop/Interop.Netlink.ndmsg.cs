using System.Runtime.InteropServices;

namespace Nictune.Linux;

#pragma warning disable CA1707, IDE1006, CS8981 // Kernel UAPI names kept verbatim (linux/neighbour.h) so they can be checked against the C headers.

internal static partial class Interop
{
    internal static partial class Netlink
    {
        /// <summary><c>struct ndmsg</c>: the fixed part of RTM_NEWNEIGH / RTM_GETNEIGH.</summary>
        [StructLayout(LayoutKind.Sequential)]
        internal struct ndmsg
        {
            public byte ndm_family;
            public byte ndm_pad1;
            public ushort ndm_pad2;
            public int ndm_ifindex;
            public ushort ndm_state;
            public byte ndm_flags;
            public byte ndm_type;
        }
    }
}
