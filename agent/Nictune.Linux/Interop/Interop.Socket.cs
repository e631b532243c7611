using System.Runtime.InteropServices;

namespace Nictune.Linux;

internal static partial class Interop
{
    internal static partial class Socket
    {
        internal const int AF_INET = 2;
        internal const int AF_NETLINK = 16;
        internal const int SOCK_DGRAM = 2;
        internal const int SOCK_RAW = 3;

        /// <summary>Keeps the descriptor out of processes the agent starts.</summary>
        internal const int SOCK_CLOEXEC = 0x80000;

        /// <summary>
        /// socket(2). The socket belongs to the network namespace of the calling thread, which is what lets tests
        /// aim ethtool ioctls at a namespace by creating the socket on a thread that joined it.
        /// </summary>
        [LibraryImport(Libc, SetLastError = true)]
        internal static partial int socket(int domain, int type, int protocol);
    }
}
