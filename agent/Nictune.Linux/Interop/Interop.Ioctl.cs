using System.Runtime.InteropServices;

namespace Nictune.Linux;

internal static partial class Interop
{
    internal static partial class Ioctl
    {
        /// <summary>linux/sockios.h: the ethtool multiplexer; <c>ifr_data</c> points at a command struct.</summary>
        internal const uint SIOCETHTOOL = 0x8946;

        /// <summary>linux/if.h: interface names are at most 15 bytes plus the terminating NUL.</summary>
        internal const int IFNAMSIZ = 16;

        /// <summary>
        /// ioctl(2) with a pointer argument. glibc declares it variadic; on the x86-64 and AArch64 Linux ABIs a
        /// pointer passed as the first variadic argument travels exactly like a fixed one, so a fixed signature is safe.
        /// Returns -1 with errno set on failure, otherwise the command's own non-negative result.
        /// </summary>
        [LibraryImport(Libc, SetLastError = true)]
        internal static unsafe partial int ioctl(SafeFileDescriptor fd, nuint request, void* argp);
    }
}
