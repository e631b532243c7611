namespace Nictune.Linux;

#pragma warning disable CA1707, IDE1006 // Kernel UAPI names kept verbatim.

internal static partial class Interop
{
    /// <summary>
    /// The netlink structs (nested here) and the one linux/netlink.h constant Tmds.LibC lacks. .NET's Socket has no
    /// AddressFamily for AF_NETLINK, so socket, bind and getsockname come from Tmds.LibC with a <see cref="sockaddr_nl"/>;
    /// everything after bind goes through Socket.
    /// </summary>
    internal static partial class Netlink
    {
        /// <summary>The protocol argument of socket(AF_NETLINK, …).</summary>
        public const int NETLINK_ROUTE = 0;
    }
}
