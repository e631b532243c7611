using System.Runtime.InteropServices;

namespace Nictune.Linux;

#pragma warning disable CA1707, IDE1006, CS8981 // Kernel UAPI names kept verbatim (linux/netlink.h) so they can be checked against the C headers.

internal static partial class Interop
{
    internal static partial class Netlink
    {
        /// <summary><c>struct nlmsghdr</c>: the header of every netlink message.</summary>
        [StructLayout(LayoutKind.Sequential)]
        internal struct nlmsghdr
        {
            public uint nlmsg_len;
            public ushort nlmsg_type;
            public ushort nlmsg_flags;
            public uint nlmsg_seq;
            public uint nlmsg_pid;
        }
    }
}
