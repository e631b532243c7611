using System.Runtime.InteropServices;

namespace Nictune.Linux;

#pragma warning disable CA1707, IDE1006, CS8981 // Kernel UAPI names kept verbatim (linux/rtnetlink.h) so they can be checked against the C headers.

internal static partial class Interop
{
    internal static partial class Netlink
    {
        /// <summary><c>struct ifinfomsg</c>: the fixed part of RTM_NEWLINK / RTM_DELLINK / RTM_GETLINK.</summary>
        [StructLayout(LayoutKind.Sequential)]
        internal struct ifinfomsg
        {
            public byte ifi_family;
            public byte __ifi_pad;
            public ushort ifi_type;
            public int ifi_index;
            public uint ifi_flags;
            public uint ifi_change;
        }
    }
}
