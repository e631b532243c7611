using System.Runtime.InteropServices;

namespace Nictune.Linux;

#pragma warning disable CA1707, IDE1006 // libc and kernel UAPI names kept verbatim.

internal static partial class Interop
{
    /// <summary>
    /// The libc calls that .NET's Socket cannot make for netlink: it has no AddressFamily for AF_NETLINK, so it can
    /// neither create the socket nor serialize a <see cref="sockaddr_nl"/>. Everything after bind goes through Socket.
    /// </summary>
    internal static unsafe partial class Netlink
    {
        /// <summary>The protocol argument of socket(AF_NETLINK, …); the socket constants are in <see cref="Socket"/>.</summary>
        public const int NETLINK_ROUTE = 0;

        [LibraryImport(Libc, SetLastError = true)]
        public static partial int bind(SafeHandle sockfd, sockaddr_nl* addr, uint addrlen);

        [LibraryImport(Libc, SetLastError = true)]
        public static partial int getsockname(SafeHandle sockfd, sockaddr_nl* addr, uint* addrlen);
    }
}
