namespace Nictune.Linux;

internal static partial class Interop
{
    /// <summary>
    /// The ethtool ioctl's numbers, which Tmds.LibC lacks. The call itself is <c>LibC.ioctl(int, int, void*)</c>: its
    /// request is a C# int where glibc declares unsigned long, which is safe because the kernel's ioctl takes the
    /// command as an unsigned int and SIOCETHTOOL (0x8946) is positive.
    /// </summary>
    internal static partial class Ioctl
    {
        /// <summary>linux/sockios.h: the ethtool multiplexer; <c>ifr_data</c> points at a command struct.</summary>
        internal const int SIOCETHTOOL = 0x8946;

        /// <summary>linux/if.h: interface names are at most 15 bytes plus the terminating NUL.</summary>
        internal const int IFNAMSIZ = 16;
    }
}
