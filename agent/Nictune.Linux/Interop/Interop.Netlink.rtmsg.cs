using System.Runtime.InteropServices;

namespace Nictune.Linux;

#pragma warning disable CA1707, IDE1006, CS8981 // Kernel UAPI names kept verbatim (linux/rtnetlink.h) so they can be checked against the C headers.

internal static partial class Interop
{
    internal static partial class Netlink
    {
        /// <summary><c>struct rtmsg</c>: the fixed part of RTM_NEWROUTE / RTM_GETROUTE.</summary>
        [StructLayout(LayoutKind.Sequential)]
        internal struct rtmsg
        {
            public byte rtm_family;
            public byte rtm_dst_len;
            public byte rtm_src_len;
            public byte rtm_tos;
            public byte rtm_table;
            public byte rtm_protocol;
            public byte rtm_scope;
            public byte rtm_type;
            public uint rtm_flags;
        }
    }
}
